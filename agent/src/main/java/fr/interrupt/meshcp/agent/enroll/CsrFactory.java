package fr.interrupt.meshcp.agent.enroll;

import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A PKCS#10 request for the agent's own key: only the public key and a common name leave the machine. */
public final class CsrFactory {
    private CsrFactory() {
    }

    public static String csrPem(KeyPair keyPair, String commonName) {
        var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            var signer = new JcaContentSignerBuilder(KeyPairs.SIGNATURE_ALGORITHM).build(keyPair.getPrivate());
            return Pem.encode(new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic()).build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the certificate request", e);
        }
    }
}
