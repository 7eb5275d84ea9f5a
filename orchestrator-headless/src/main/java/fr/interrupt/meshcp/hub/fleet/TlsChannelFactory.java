package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import java.security.cert.X509Certificate;
import java.util.List;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * mTLS channels over TCP: the hub presents its orchestrator certificate; the agent must present exactly
 * the certificate the registry recorded for it.
 */
public final class TlsChannelFactory implements AgentChannelFactory {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final ClientTlsContexts tls;
    private final MachineRegistry registry;
    private final ExecutorService executor;
    private final TcpProbe probe = new TcpProbe(java.time.Duration.ofMillis(CONNECT_TIMEOUT_MILLIS), TcpProbe.DEFAULT_IN_FLIGHT);

    /** Channels presenting {@code client}, a credential that never changes, trusting only its CA. */
    public TlsChannelFactory(Credential client, MachineRegistry registry) {
        this(ClientTlsContexts.fixed(client), registry);
    }

    /**
     * Channels that present client's credential as it is when each channel opens (the hub's certificate renews
     * itself), and accept from a machine either its registry serial or one renewing(name, serial) vouches for.
     */
    public TlsChannelFactory(Supplier<Credential> client, MachineRegistry registry, BiPredicate<String, String> renewing) {
        this(new ClientTlsContexts(client, () -> List.of(client.get().ca()), renewing), registry);
    }

    /** As above, accepting agent certificates from any of trusted (the old and the new CA during a CA rotation). */
    public TlsChannelFactory(Supplier<Credential> client, MachineRegistry registry, BiPredicate<String, String> renewing,
                             Supplier<List<X509Certificate>> trusted) {
        this(new ClientTlsContexts(client, trusted, renewing), registry);
    }

    /** Channels whose TLS contexts tls makes. */
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

    /**
     * A TCP connection attempt to the machine's address ({@link TcpProbe}, same 3 s connect timeout as the channels),
     * made and closed before any TLS; machines recorded under a host name rather than an IP address are not tried.
     */
    @Override
    public java.util.concurrent.CompletableFuture<Void> listening(Machine machine) {
        return TcpProbe.tries(machine.host()) ? probe.connect(machine.host(), machine.port())
                : java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        probe.close();
        executor.shutdownNow();
    }
}
