package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CaTrust;
import fr.interrupt.meshcp.agent.creds.HubDenyList;
import fr.interrupt.meshcp.shared.tls.CaSetTrustManager;
import fr.interrupt.meshcp.agent.creds.LiveCredentials;
import java.security.cert.CertificateException;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;
import javax.net.ssl.SSLException;

/**
 * The server side of mTLS: this agent's key and chain, clients required and trusted only when their chain
 * comes from this machine's CA (roles are checked per call by {@link OrchestratorOnlyInterceptor}).
 * The JDK provider with AES-GCM first: its AES-GCM uses AES-NI once C2 has compiled it, which a long-lived agent has.
 * Not BoringSSL as the hub's channels ({@code shared.tls.TlsProviders}): netty's OpenSSL server context sends the
 * CA names of its CertificateRequest as the trust manager listed them when the context was built, while CA rotation
 * needs this agent to ask, at each handshake, for the CAs it trusts now (the hub's key manager picks its certificate by
 * them; with the list fixed at start, the hub's certificate under the new CA was not offered and the agent refused the
 * hub after {@code ca rotate --finish}: CertificateLifecycleIT).
 */
final class ServerTls {
    private ServerTls() {
    }

    /**
     * A context whose identity follows live (a renewed certificate is presented on the next handshake) and which
     * refuses, already at the handshake, an orchestrator certificate on the hub's deny list.
     */
    static SslContext context(LiveCredentials live, CaTrust trust, HubDenyList denied) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(live);
        return GrpcSslContexts.configure(builder, SslProvider.JDK)
                .trustManager(new CaSetTrustManager(trust::cas, leaf -> {
                    if (denied.denies(leaf.getSerialNumber().toString(16))) {
                        throw new CertificateException("the orchestrator certificate is revoked");
                    }
                }))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(TlsSettings.PROTOCOLS)
                .ciphers(TlsSettings.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }

    static SslContext context(AgentCredentials credentials) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(credentials.key(), credentials.certificate(), credentials.ca());
        return GrpcSslContexts.configure(builder, SslProvider.JDK)
                .trustManager(new CaTrustManager(credentials.ca(), leaf -> { }))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(TlsSettings.PROTOCOLS)
                .ciphers(TlsSettings.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }
}
