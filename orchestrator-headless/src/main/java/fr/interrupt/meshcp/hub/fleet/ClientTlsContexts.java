package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.shared.tls.CaSetTrustManager;
import fr.interrupt.meshcp.shared.tls.TlsProviders;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The one place the hub's channels to agents get their TLS context: the hub's orchestrator credential as a key
 * manager, built once per credential, plus the trusted CAs and the dialled machine's identity rule.
 *
 * <p>Building a PKCS12 key manager costs 5–60 ms of CPU (review of 2026-11-29: half of {@code machines}' time at
 * 10,000 machines went there when it was built per channel). The credential comes from a supplier that follows
 * renewals ({@link fr.interrupt.meshcp.hub.pki.HubClientCredential} re-reads the files when they change); a new
 * credential instance builds a new key manager, so the next channel presents the renewed certificate. The key
 * manager is built on the first channel: commands that dial no machine never pay for it.
 */
public final class ClientTlsContexts {
    private final Supplier<Credential> client;
    private final Supplier<List<X509Certificate>> trusted;
    private final BiPredicate<String, String> renewing;
    private volatile Built built;

    private record Built(Credential credential, KeyManagerFactory keyManagers) {
    }

    /**
     * Contexts presenting client's credential as it is when each channel opens, trusting agent certificates from any
     * of trusted (two CAs during a rotation), and accepting from a machine its registry serial or one renewing(name,
     * serial) vouches for.
     */
    public ClientTlsContexts(Supplier<Credential> client, Supplier<List<X509Certificate>> trusted,
            BiPredicate<String, String> renewing) {
        this.client = client;
        this.trusted = trusted;
        this.renewing = renewing;
    }

    /** A credential that never changes (tests, tools), trusting only its own CA. */
    public static ClientTlsContexts fixed(Credential credential) {
        return new ClientTlsContexts(() -> credential, () -> List.of(credential.ca()), (name, serial) -> false);
    }

    /** The key manager channels present now: the same instance while the credential is the same. */
    public KeyManagerFactory keyManagers() {
        Credential now = client.get();
        Built last = built;
        if (last != null && last.credential() == now) {
            return last.keyManagers();
        }
        synchronized (this) {
            if (built == null || built.credential() != now) {
                built = new Built(now, now.keyManagerFactory());
            }
            return built.keyManagers();
        }
    }

    /**
     * A client TLS context for dialling {@code machine}: this credential, trusting only the hub's CA(s) and, through
     * {@link AgentIdentityRule}, only that machine's certificate (recorded serial or a renewal in progress, not
     * revoked). TLS versions and suites from {@link TlsSettings}; BoringSSL when it loads, else the JDK's engine
     * ({@link TlsProviders}).
     *
     * @throws IllegalStateException when netty refuses the context (a JDK without the configured suites)
     */
    public SslContext forMachine(Machine machine, MachineRegistry registry) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), TlsProviders.preferred())
                    .keyManager(keyManagers())
                    .trustManager(new CaSetTrustManager(trusted, new AgentIdentityRule(machine, registry, renewing)))
                    .protocols(TlsSettings.PROTOCOLS)
                    .ciphers(TlsSettings.CIPHER_SUITES)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS to " + machine.name(), e);
        }
    }
}
