package fr.interrupt.meshcp.hub.pki;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Checks a CSR before anything is signed: it parses, its signature proves possession of the key,
 * and the key is ECDSA P-256. Only the public key is used; subject and extensions are ignored.
 */
public final class CsrValidator {
    private static final java.security.spec.EllipticCurve P256 = p256Curve();

    private CsrValidator() {
    }

    public static PublicKey validatedPublicKey(String csrPem) {
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(Pem.csr(csrPem));
            PublicKey key = csr.getPublicKey();
            if (!(key instanceof ECPublicKey ec) || !ec.getParams().getCurve().equals(P256)) {
                throw invalid("the CSR's key must be ECDSA P-256");
            }
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(key);
            if (!csr.isSignatureValid(verifier)) {
                throw invalid("the CSR's signature does not match its key");
            }
            return key;
        } catch (MeshcpException e) {
            throw e;
        } catch (Exception e) {
            throw invalid("the CSR cannot be read");
        }
    }

    private static java.security.spec.EllipticCurve p256Curve() {
        try {
            var params = java.security.AlgorithmParameters.getInstance("EC");
            params.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(java.security.spec.ECParameterSpec.class).getCurve();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MeshcpException invalid(String message) {
        return new MeshcpException(MeshcpException.Kind.INVALID_INPUT, message);
    }

}
