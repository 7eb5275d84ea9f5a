package fr.interrupt.meshcp.shared.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that judges a peer by its chain alone, the same way whichever side it is on and whatever the
 * connection (socket or engine): every check of the JSSE interface goes to {@link #verify}.
 */
abstract class PeerChainTrustManager extends X509ExtendedTrustManager {
    /** Accepts the chain, or throws with the reason the handshake fails. */
    abstract void verify(X509Certificate[] chain) throws CertificateException;

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }
}
