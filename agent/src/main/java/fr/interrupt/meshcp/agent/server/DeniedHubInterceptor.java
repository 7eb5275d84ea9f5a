package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.creds.HubDenyList;
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
 * Refuses every call whose orchestrator certificate is on the hub's deny list. The handshake checks the list too;
 * this check covers connections opened before the list arrived, so a revoked hub certificate stops working on the
 * next call, not at the next reconnection.
 */
final class DeniedHubInterceptor implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(DeniedHubInterceptor.class);

    private final HubDenyList denied;

    DeniedHubInterceptor(HubDenyList denied) {
        this.denied = denied;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String serial = peerSerial(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (serial != null && denied.denies(serial)) {
            LOG.warn("refused a call from the revoked orchestrator certificate {}", serial);
            call.close(Status.PERMISSION_DENIED.withDescription("the orchestrator certificate " + serial + " is revoked"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    private static String peerSerial(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509.getSerialNumber().toString(16) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
