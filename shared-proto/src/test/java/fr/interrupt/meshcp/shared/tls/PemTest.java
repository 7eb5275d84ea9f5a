package fr.interrupt.meshcp.shared.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK paths of {@link Pem} write and read exactly what the BouncyCastle ones did, so files made before still load. */
class PemTest {
    private static KeyPair pair;
    private static X509Certificate certificate;

    @BeforeAll
    static void keyAndCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=pem test");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now),
                Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic());
        certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    @Test
    void certificateIsEncodedAsBouncyCastleDid() throws IOException {
        assertThat(Pem.encode(certificate)).isEqualTo(bouncyCastle(certificate));
        assertThat(Pem.certificate(Pem.encode(certificate))).isEqualTo(certificate);
    }

    @Test
    void privateKeyIsEncodedAsPkcs8AsBouncyCastleDid() throws IOException {
        String pem = Pem.encode(pair.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem).isEqualTo(bouncyCastle(new JcaPKCS8Generator(pair.getPrivate(), null)));
    }

    @Test
    void pkcs8KeyIsReadBackEqual() {
        assertThat(Pem.privateKey(Pem.encode(pair.getPrivate()))).isEqualTo(pair.getPrivate());
    }

    @Test
    void garbageBetweenPkcs8MarkersIsRefused() {
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN PRIVATE KEY-----\nnot base64 !\n-----END PRIVATE KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textWithoutKeyIsRefused() {
        assertThatThrownBy(() -> Pem.privateKey(Pem.encode(certificate)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no private key");
    }

    private static String bouncyCastle(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
