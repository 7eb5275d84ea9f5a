package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * mTLS channels over TCP: the hub presents its orchestrator certificate; the agent must present exactly
 * the certificate the registry recorded for it.
 */
public final class TlsChannelFactory implements AgentChannelFactory {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final ClientTlsContexts tls;
    private final MachineRegistry registry;
    private final ExecutorService executor;

    /** Channels presenting {@code client}, a credential without files (it never changes). */
    public TlsChannelFactory(Credential client, MachineRegistry registry) {
        this(ClientTlsContexts.fixed(client), registry);
    }

    /** Channels presenting the credential {@code tls} holds now (reloaded when its files change). */
    public TlsChannelFactory(ClientTlsContexts tls, MachineRegistry registry) {
        this.tls = tls;
        this.registry = registry;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "meshcp-agent-calls");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ManagedChannel open(Machine machine) {
        return NettyChannelBuilder.forAddress(machine.host(), machine.port())
                .overrideAuthority(machine.name())
                .sslContext(tls.forMachine(machine, registry))
                .executor(executor)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .idleTimeout(5, TimeUnit.MINUTES)
                .maxInboundMessageSize(8 * 1024 * 1024)
                .build();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
