package fr.interrupt.meshcp.shared.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Used by a new machine during enrollment: trusts the hub only if its chain contains a CA whose
 * public key matches the pin carried in the token, the leaf chains to it, and the leaf is the
 * enrollment server. This runs inside the handshake, so a hub with the wrong CA never sees the token.
 */
public final class PinnedCaTrustManager extends X509ExtendedTrustManager {
    private final String pin;
    private volatile X509Certificate pinnedCa;

    public PinnedCaTrustManager(String pin) {
        this.pin = pin;
    }

    /** The CA certificate that matched the pin, once a handshake has succeeded. */
    public X509Certificate pinnedCa() {
        return pinnedCa;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the hub presented no certificate");
        }
        X509Certificate ca = null;
        for (X509Certificate candidate : chain) {
            if (CertificateRoles.isCa(candidate) && CaPin.matches(pin, CaPin.of(candidate))) {
                ca = candidate;
            }
        }
        if (ca == null) {
            throw new CaPinMismatchException();
        }
        CaTrustManager.validateChain(chain, ca);
        if (!CertificateRoles.isEnrollmentServer(chain[0])) {
            throw new CertificateException("the hub's certificate is not a meshcp enrollment server certificate");
        }
        pinnedCa = ca;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("not a server trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("not a server trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** The hub's CA is not the one the token names. */
    public static final class CaPinMismatchException extends CertificateException {
        public CaPinMismatchException() {
            super("the hub's CA does not match the CA pin in the token");
        }
    }
}
