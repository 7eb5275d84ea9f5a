package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CaTrust;
import fr.interrupt.meshcp.agent.creds.HubDenyList;
import fr.interrupt.meshcp.shared.tls.CaSetTrustManager;
import fr.interrupt.meshcp.agent.creds.LiveCredentials;
import java.security.cert.CertificateException;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.TlsProviders;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;
import javax.net.ssl.SSLException;

/**
 * The server side of mTLS: this agent's key and chain, clients required and trusted only when their chain
 * comes from this machine's CA (roles are checked per call by {@link OrchestratorOnlyInterceptor}).
 * AES-GCM first, in BoringSSL when it loads, else in the JDK's engine ({@link TlsProviders}).
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
        return GrpcSslContexts.configure(builder, TlsProviders.preferred())
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
        return GrpcSslContexts.configure(builder, TlsProviders.preferred())
                .trustManager(new CaTrustManager(credentials.ca(), leaf -> { }))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(TlsSettings.PROTOCOLS)
                .ciphers(TlsSettings.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }
}
