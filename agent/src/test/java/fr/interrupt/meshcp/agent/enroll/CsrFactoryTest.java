package fr.interrupt.meshcp.agent.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** The JDK-written request reads as BouncyCastle (and so the hub's CsrValidator) reads requests. */
class CsrFactoryTest {
    @Test
    void aRequestCarriesTheNameAndTheKeyAndItsSignatureHolds() throws Exception {
        KeyPair pair = KeyPairs.generateP256();
        String pem = CsrFactory.csrPem(pair, "web-1");
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");

        PKCS10CertificationRequest request = Pem.csr(pem);
        assertThat(request.getSubject()).isEqualTo(new X500Name("CN=web-1"));
        assertThat(request.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(request.getAttributes()).isEmpty();
        assertThat(request.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.840.10045.4.3.2");
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pair.getPublic()))).isTrue();
    }

    @Test
    void theLongestMachineNameFits() throws Exception {
        KeyPair pair = KeyPairs.generateP256();
        String name = "n".repeat(63);
        PKCS10CertificationRequest request = Pem.csr(CsrFactory.csrPem(pair, name));
        assertThat(request.getSubject()).isEqualTo(new X500Name("CN=" + name));
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pair.getPublic()))).isTrue();
    }

    @Test
    void anotherKeyDoesNotVerifyIt() throws Exception {
        PKCS10CertificationRequest request = Pem.csr(CsrFactory.csrPem(KeyPairs.generateP256(), "web-1"));
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(KeyPairs.generateP256().getPublic()))).isFalse();
    }
}
