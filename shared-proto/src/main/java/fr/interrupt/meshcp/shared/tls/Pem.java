package fr.interrupt.meshcp.shared.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
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

/**
 * PEM encoding and decoding (RFC 7468) of certificates, private keys and CSRs. Certificates and PKCS#8 keys, all an
 * agent or a hub reads on start, are handled by the JDK alone: BouncyCastle's jars are signed, and loading them costs a
 * signature check of each jar (about a fifth of a one-shot command's start), so they are only touched for CSRs and the
 * other PEM kinds.
 */
public final class Pem {
    private static final String PKCS8_LABEL = "PRIVATE KEY";
    private static final String CERTIFICATE_LABEL = "CERTIFICATE";
    /** RFC 7468 section 2: 64 base64 characters a line. */
    private static final int LINE_LENGTH = 64;
    /** The key algorithms meshcp makes (P-256), then the others a PKCS#8 file may hold; tried in this order. */
    private static final List<String> PKCS8_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

    private Pem() {
    }

    /** PEM of a certificate, a CSR, or a private key (always PKCS#8, "PRIVATE KEY"). */
    public static String encode(Object object) {
        if (object instanceof X509Certificate certificate) {
            try {
                return block(CERTIFICATE_LABEL, certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode the certificate: " + e.getMessage(), e);
            }
        }
        if (object instanceof PrivateKey key && "PKCS#8".equals(key.getFormat()) && key.getEncoded() != null) {
            return block(PKCS8_LABEL, key.getEncoded());
        }
        return BouncyCastleWriter.encode(object);
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

    /** A private key from PEM: PKCS#8 ("PRIVATE KEY") through the JDK, any other kind BouncyCastle reads. */
    public static PrivateKey privateKey(String pem) {
        PrivateKey pkcs8 = pkcs8(pem);
        if (pkcs8 != null) {
            return pkcs8;
        }
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
        } catch (NoClassDefFoundError e) {
            // a program started without BouncyCastle (meshcp-agent start) reads PKCS#8 only
            throw new IllegalArgumentException("not a PKCS#8 private key (BEGIN PRIVATE KEY)", e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return privateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** The key of the first "PRIVATE KEY" block, or null when there is none or no JDK key factory reads it. */
    private static PrivateKey pkcs8(String pem) {
        String begin = "-----BEGIN " + PKCS8_LABEL + "-----";
        String end = "-----END " + PKCS8_LABEL + "-----";
        int from = pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (to < 0) {
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next, then BouncyCastle
            }
        }
        return null;
    }

    /** PEM of a DER-encoded PKCS#10 request ("CERTIFICATE REQUEST", RFC 7468 section 7), written by the JDK alone. */
    public static String encodeCsr(byte[] der) {
        return block("CERTIFICATE REQUEST", der);
    }

    private static String block(String label, byte[] der) {
        String body = Base64.getMimeEncoder(LINE_LENGTH, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
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

    /**
     * The PEM kinds the JDK cannot write (CSRs, keys without a PKCS#8 encoding). A class of its own so that verifying
     * {@link Pem} does not load BouncyCastle's classes.
     */
    private static final class BouncyCastleWriter {
        private BouncyCastleWriter() {
        }

        static String encode(Object object) {
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
    }
}
