package fr.interrupt.meshcp.shared.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * Like {@link CaTrustManager}, with a set of CAs read at each handshake: one CA normally, the old and the new during
 * a CA rotation. A chain is accepted when it validates under any of them and its leaf passes the role rule.
 */
public final class CaSetTrustManager extends PeerChainTrustManager {
    private final Supplier<List<X509Certificate>> cas;
    private final CaTrustManager.PeerRule rule;

    public CaSetTrustManager(Supplier<List<X509Certificate>> cas, CaTrustManager.PeerRule rule) {
        this.cas = cas;
        this.rule = rule;
    }

    /**
     * PKIX validation of chain under any of anchors.
     *
     * @throws CertificateException with the last anchor's reason when none validates it
     */
    public static void validateChainUnderAny(X509Certificate[] chain, List<X509Certificate> anchors) throws CertificateException {
        CertificateException last = new CertificateException("no CA is trusted");
        for (X509Certificate anchor : anchors) {
            try {
                CaTrustManager.validateChain(chain, anchor);
                return;
            } catch (CertificateException e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    void verify(X509Certificate[] chain) throws CertificateException {
        validateChainUnderAny(chain, cas.get());
        rule.check(chain[0]);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.get().toArray(X509Certificate[]::new);
    }
}
