package fr.interrupt.meshcp.shared.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;

/**
 * Trusts exactly one CA, and then only peers whose leaf certificate passes a role rule.
 * Host names are not checked: identity is the role rule's job (a machine's name and serial, or the
 * orchestrator role), which is stricter than matching whatever address was dialled.
 */
public final class CaTrustManager extends PeerChainTrustManager {

    /** Checks the peer's leaf certificate once its chain is known to come from the CA. */
    @FunctionalInterface
    public interface PeerRule {
        void check(X509Certificate leaf) throws CertificateException;
    }

    private final X509Certificate ca;
    private final PeerRule rule;

    public CaTrustManager(X509Certificate ca, PeerRule rule) {
        this.ca = ca;
        this.rule = rule;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }

    @Override
    void verify(X509Certificate[] chain) throws CertificateException {
        validateChain(chain, ca);
        rule.check(chain[0]);
    }

    /** PKIX validation of a presented chain against a single trust anchor (no revocation lists: the registry is the revocation list). */
    public static void validateChain(X509Certificate[] chain, X509Certificate anchor) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate presented");
        }
        X509Certificate[] path = Arrays.stream(chain)
                .filter(c -> !c.equals(anchor))
                .toArray(X509Certificate[]::new);
        if (path.length == 0) {
            throw new CertificateException("the CA certificate itself is not a valid peer certificate");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(Arrays.asList(path)), params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate is not signed by this meshcp CA: " + e.getMessage(), e);
        }
    }
}
