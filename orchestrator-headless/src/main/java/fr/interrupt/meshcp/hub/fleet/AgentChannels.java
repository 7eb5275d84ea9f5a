package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One mTLS gRPC channel per machine, reused across calls. The hub presents its orchestrator
 * certificate; the agent must present exactly the certificate the registry recorded for it.
 */
public final class AgentChannels implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final Credential client;
    private final MachineRegistry registry;
    private final ExecutorService executor;
    private final Map<String, Entry> channels = new ConcurrentHashMap<>();

    private record Entry(Machine machine, ManagedChannel channel) {
        boolean dials(Machine m) {
            return machine.host().equals(m.host()) && machine.port() == m.port()
                    && machine.certificateSerial().equals(m.certificateSerial());
        }
    }

    public AgentChannels(Credential client, MachineRegistry registry) {
        this.client = client;
        this.registry = registry;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "meshcp-agent-calls");
            t.setDaemon(true);
            return t;
        });
    }

    public AgentServiceGrpc.AgentServiceBlockingStub blocking(Machine machine) {
        return AgentServiceGrpc.newBlockingStub(channel(machine));
    }

    public AgentServiceGrpc.AgentServiceStub async(Machine machine) {
        return AgentServiceGrpc.newStub(channel(machine));
    }

    public ManagedChannel channel(Machine machine) {
        Entry entry = channels.compute(machine.name(), (name, existing) -> {
            // a channel in reconnect backoff would keep failing fast long after the agent is back
            if (existing != null && existing.dials(machine) && !existing.channel.isShutdown()
                    && existing.channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
                return existing;
            }
            if (existing != null) {
                existing.channel.shutdown();
            }
            return new Entry(machine, open(machine));
        });
        return entry.channel();
    }

    /** Drops the channel of a removed or re-enrolled machine. */
    public void forget(String name) {
        Entry entry = channels.remove(name);
        if (entry != null) {
            entry.channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        channels.values().forEach(e -> e.channel.shutdownNow());
        for (Entry e : channels.values()) {
            try {
                e.channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        channels.clear();
        executor.shutdownNow();
    }

    private ManagedChannel open(Machine machine) {
        return NettyChannelBuilder.forAddress(machine.host(), machine.port())
                .overrideAuthority(machine.name())
                .sslContext(sslContext(machine))
                .executor(executor)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .idleTimeout(5, TimeUnit.MINUTES)
                .maxInboundMessageSize(8 * 1024 * 1024)
                .build();
    }

    private SslContext sslContext(Machine machine) {
        try {
            return GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(client.keyManagerFactory())
                    .trustManager(new CaTrustManager(client.ca(), new AgentIdentityRule(machine, registry)))
                    .protocols(TlsSettings.PROTOCOLS)
                    .ciphers(TlsSettings.CIPHER_SUITES)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS to " + machine.name(), e);
        }
    }
}
