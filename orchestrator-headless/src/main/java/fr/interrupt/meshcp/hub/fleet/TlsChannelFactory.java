package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.shared.tls.CaSetTrustManager;
import java.security.cert.X509Certificate;
import java.util.List;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * mTLS channels over TCP: the hub presents its orchestrator certificate; the agent must present exactly
 * the certificate the registry recorded for it.
 */
public final class TlsChannelFactory implements AgentChannelFactory {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final Supplier<Credential> client;
    private final MachineRegistry registry;
    private final BiPredicate<String, String> renewing;
    private final Supplier<List<X509Certificate>> trusted;
    private final ExecutorService executor;

    public TlsChannelFactory(Credential client, MachineRegistry registry) {
        this(() -> client, registry, (name, serial) -> false, () -> List.of(client.ca()));
    }

    /**
     * Channels that present client's credential as it is when each channel opens (the hub's certificate renews
     * itself), and accept from a machine either its registry serial or one renewing(name, serial) vouches for.
     */
    public TlsChannelFactory(Supplier<Credential> client, MachineRegistry registry, BiPredicate<String, String> renewing) {
        this(client, registry, renewing, () -> List.of(client.get().ca()));
    }

    /** As above, accepting agent certificates from any of trusted (the old and the new CA during a CA rotation). */
    public TlsChannelFactory(Supplier<Credential> client, MachineRegistry registry, BiPredicate<String, String> renewing,
                             Supplier<List<X509Certificate>> trusted) {
        this.client = client;
        this.registry = registry;
        this.renewing = renewing;
        this.trusted = trusted;
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
        Credential credential = client.get();
        try {
            return GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(credential.keyManagerFactory())
                    .trustManager(new CaSetTrustManager(trusted, new AgentIdentityRule(machine, registry, renewing)))
                    .protocols(TlsSettings.PROTOCOLS)
                    .ciphers(TlsSettings.CIPHER_SUITES)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS to " + machine.name(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
