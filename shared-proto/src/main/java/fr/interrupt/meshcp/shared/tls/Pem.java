package fr.interrupt.meshcp.shared.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM encoding and decoding of certificates, private keys and CSRs. */
public final class Pem {
    private Pem() {
    }

    /** PEM of a certificate, a CSR, or a private key (always PKCS#8, "PRIVATE KEY"). */
    public static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static X509Certificate certificate(String pem) {
        List<X509Certificate> all = certificates(pem);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no certificate found in PEM");
        }
        return all.get(0);
    }

    public static List<X509Certificate> certificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                result.add((X509Certificate) c);
            }
            return result;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a valid PEM certificate: " + e.getMessage(), e);
        }
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        return certificate(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("no private key found in PEM");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid PEM private key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return privateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PKCS10CertificationRequest csr(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("missing CSR");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof PKCS10CertificationRequest request) {
                return request;
            }
            throw new IllegalArgumentException("no certificate signing request found in PEM");
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("not a valid PEM certificate signing request", e);
        }
    }
}
