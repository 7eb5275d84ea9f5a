package fr.interrupt.meshcp.hub.enroll;

import fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks whoever holds an enrollment port who it is: a TLS handshake (nothing is sent after it) whose presented
 * chain is then checked as an agent would with this hub's CA pin ({@link PinnedCaTrustManager}: a CA with our
 * key in the chain, the leaf chaining to it, the enrollment role). Passes: this hub. Anything else: another.
 */
public final class EndpointProbe {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointProbe.class);

    private final String caPin;
    private final Duration timeout;

    /** {@code timeout} bounds the connect and the handshake each. */
    public EndpointProbe(String caPin, Duration timeout) {
        this.caPin = caPin;
        this.timeout = timeout;
    }

    /** Never throws: HeldByThisHub, HeldByOther, or Failed when nothing answers on the taken port. */
    public EndpointStart whoHolds(InetSocketAddress listen) {
        InetSocketAddress target = dialable(listen);
        AtomicReference<X509Certificate[]> presented = new AtomicReference<>();
        try (Socket plain = new Socket()) {
            try {
                plain.connect(target, (int) timeout.toMillis());
            } catch (IOException e) {
                LOG.debug("nothing answered on {}", target, e);
                return new EndpointStart.Failed(listen, "the port is in use, but nothing answered on "
                        + target.getHostString() + ":" + target.getPort() + " (" + e.getMessage() + ")");
            }
            handshake(plain, target, presented);
        } catch (IOException e) {
            LOG.debug("no TLS handshake with {}", target, e);
            if (presented.get() == null) {
                return new EndpointStart.HeldByOther(listen, "a server that does not answer as a TLS server");
            }
        }
        return judge(listen, presented.get());
    }

    private void handshake(Socket plain, InetSocketAddress target, AtomicReference<X509Certificate[]> presented)
            throws IOException {
        plain.setSoTimeout((int) timeout.toMillis());
        try (SSLSocket tls = (SSLSocket) recordingContext(presented).getSocketFactory()
                .createSocket(plain, target.getHostString(), target.getPort(), false)) {
            tls.setEnabledProtocols(TlsSettings.PROTOCOLS.toArray(String[]::new));
            tls.startHandshake();
        }
    }

    private EndpointStart judge(InetSocketAddress listen, X509Certificate[] chain) {
        if (chain == null) {
            return new EndpointStart.HeldByOther(listen, "a server that presented no certificate");
        }
        try {
            new PinnedCaTrustManager(caPin).checkServerTrusted(chain, "UNKNOWN");
            return new EndpointStart.HeldByThisHub(listen);
        } catch (PinnedCaTrustManager.CaPinMismatchException e) {
            return new EndpointStart.HeldByOther(listen, "the enrollment endpoint of another hub (its CA is not this hub's)");
        } catch (CertificateException e) {
            return new EndpointStart.HeldByOther(listen, "a TLS server that is not this hub's enrollment endpoint ("
                    + e.getMessage() + ")");
        }
    }

    /** A wildcard listen address is probed on loopback. */
    private static InetSocketAddress dialable(InetSocketAddress listen) {
        InetAddress address = listen.getAddress();
        return address == null || address.isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getPort()) : listen;
    }

    /** Accepts any chain and keeps it: the decision is taken after the handshake, by {@link #judge}. */
    private static SSLContext recordingContext(AtomicReference<X509Certificate[]> presented) {
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a probe is never a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented.set(chain.clone());
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }
}
