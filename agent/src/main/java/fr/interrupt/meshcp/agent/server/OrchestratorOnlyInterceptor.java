package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits only the orchestrator. The TLS layer already proved the caller holds a certificate from this
 * machine's CA; here its role is checked, so another agent's certificate can never drive this agent.
 */
final class OrchestratorOnlyInterceptor implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorOnlyInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        X509Certificate peer = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (peer == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("no client certificate: only the meshcp orchestrator may call this agent"));
        }
        if (!CertificateRoles.isOrchestrator(peer)) {
            LOG.warn("refused a call to {} from {}: not the orchestrator's certificate", call.getMethodDescriptor().getBareMethodName(),
                    peer.getSubjectX500Principal().getName());
            return refuse(call, Status.PERMISSION_DENIED.withDescription("caller is not the meshcp orchestrator"));
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
