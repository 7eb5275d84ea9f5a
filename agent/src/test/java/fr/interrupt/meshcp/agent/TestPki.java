package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A small CA for tests, issuing the certificate profiles of DESIGN.md (what the hub will issue). */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKey;
    private final X509Certificate ca;

    /** A key and its certificate. */
    public record Issued(PrivateKey key, X509Certificate certificate) {
    }

    private TestPki(KeyPair caKey, X509Certificate ca) {
        this.caKey = caKey;
        this.ca = ca;
    }

    public static TestPki create(String name) {
        KeyPair key = KeyPairs.generateP256();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = builder(subject, subject, key.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new TestPki(key, sign(b, key.getPrivate()));
    }

    public X509Certificate ca() {
        return ca;
    }

    /** The CA's private key: for tests that sign what the hub's CA signs (deny lists, trusted CA sets). */
    public PrivateKey caKey() {
        return caKey.getPrivate();
    }

    /** The hub's enrollment endpoint certificate: serverAuth, URI SAN meshcp://enrollment, localhost and 127.0.0.1. */
    public Issued enrollmentServer() {
        KeyPair key = KeyPairs.generateP256();
        GeneralNames sans = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.ENROLLMENT_URI),
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return new Issued(key.getPrivate(), leaf("meshcp enrollment", key.getPublic(), KeyPurposeId.id_kp_serverAuth, sans));
    }

    /** An agent certificate for name: serverAuth, DNS SAN name, URI SAN meshcp://agent/name. */
    public X509Certificate agentCertificate(PublicKey publicKey, String name) {
        GeneralNames sans = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, name),
            new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.agentUri(name))});
        return leaf(name, publicKey, KeyPurposeId.id_kp_serverAuth, sans);
    }

    /** Signs a CSR as the hub does: only its public key is used, every extension set here. */
    public X509Certificate signCsr(PKCS10CertificationRequest csr, String name) {
        try {
            return agentCertificate(new JcaPKCS10CertificationRequest(csr).getPublicKey(), name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Issued agent(String name) {
        KeyPair key = KeyPairs.generateP256();
        return new Issued(key.getPrivate(), agentCertificate(key.getPublic(), name));
    }

    /** The orchestrator's client certificate: clientAuth, URI SAN meshcp://orchestrator. */
    public Issued orchestrator() {
        KeyPair key = KeyPairs.generateP256();
        GeneralNames sans = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.ORCHESTRATOR_URI));
        return new Issued(key.getPrivate(), leaf("meshcp orchestrator", key.getPublic(), KeyPurposeId.id_kp_clientAuth, sans));
    }

    /** A certificate with the orchestrator's fields, signed by its own key: no CA vouches for it. */
    public static Issued selfSignedOrchestrator() {
        KeyPair key = KeyPairs.generateP256();
        X500Name subject = new X500Name("CN=meshcp orchestrator");
        X509v3CertificateBuilder b = builder(subject, subject, key.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.ORCHESTRATOR_URI)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Issued(key.getPrivate(), sign(b, key.getPrivate()));
    }

    private X509Certificate leaf(String cn, PublicKey publicKey, KeyPurposeId purpose, GeneralNames sans) {
        X509v3CertificateBuilder b = builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name("CN=" + cn), publicKey);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectAlternativeName, false, sans);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sign(b, caKey.getPrivate());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey publicKey) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), subject, publicKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(KeyPairs.SIGNATURE_ALGORITHM).build(key)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
