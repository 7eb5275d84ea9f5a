package fr.interrupt.meshcp.hub.pki;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.StateFiles;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;
import fr.interrupt.meshcp.proto.agent.v1.DenyList;
import fr.interrupt.meshcp.proto.agent.v1.SignedDenyList;
import fr.interrupt.meshcp.shared.tls.DenyListSignature;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's private CA: ECDSA P-256, created on first use in {@code <data-dir>/ca}, key 0600.
 * It signs only what a {@link CertificateProfile} describes; nothing requested by a CSR is copied.
 */
public final class CertificateAuthority {
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random;
    private final Supplier<Duration> shortLeafValidity;
    /** The data dir's ca.crt this CA was loaded from or written to; null for the next CA of a rotation. */
    private final java.nio.file.Path file;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock, SecureRandom random,
                                 java.nio.file.Path file) {
        this(certificate, key, clock, random, () -> CertificateProfile.DEFAULT_SHORT_VALIDITY, file);
    }

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock, SecureRandom random,
                                 Supplier<Duration> shortLeafValidity, java.nio.file.Path file) {
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
        this.random = random;
        this.shortLeafValidity = shortLeafValidity;
        this.file = file;
    }

    /**
     * Refuses when the data dir's CA is no longer this one: another process ran {@code ca rotate --finish} after this
     * one loaded it. A process that keeps the old CA (a {@code serve} or desktop started before) would otherwise make
     * tokens with the old pin and sign enrollments with a CA that agents and the hub no longer trust. One read of
     * ca.crt (about 1 KB) per call.
     *
     * @throws MeshcpException CONFLICT with the sentence to act on (restart this process)
     */
    public void requireCurrent() {
        if (file == null) {
            return;
        }
        X509Certificate onDisk;
        try {
            onDisk = Pem.readCertificate(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "the CA certificate " + file + " cannot be read ("
                    + e.getMessage() + "); restore it from a backup", e);
        }
        if (!onDisk.equals(certificate)) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "this hub's CA was replaced ('ca rotate --finish') after "
                    + "this program started, so it still holds the old one: restart it (serve, the desktop) to issue tokens "
                    + "and enroll machines under the new CA");
        }
    }

    /**
     * This CA issuing short-lived profiles ({@link CertificateProfile#shortLived()}) for {@code validity}, read at
     * each issue (the hub's {@code ca set-validity} setting), instead of the 30-day default.
     */
    public CertificateAuthority withShortLeafValidity(Supplier<Duration> validity) {
        return new CertificateAuthority(certificate, key, clock, random, validity, file);
    }

    /** The set of CAs agents trust, signed with this CA's key ({@link TrustedCaSignature}). */
    public fr.interrupt.meshcp.proto.agent.v1.SignedTrustedCas sign(fr.interrupt.meshcp.proto.agent.v1.TrustedCas set) {
        return fr.interrupt.meshcp.shared.tls.TrustedCaSignature.sign(set, certificate, key);
    }

    /** How long short-lived leaves issued now last. */
    public Duration shortLeafValidity() {
        return shortLeafValidity.get();
    }

    /** The hub deny list signed with this CA's key, as agents check it ({@link DenyListSignature}). */
    public SignedDenyList sign(DenyList list) {
        return DenyListSignature.sign(list, key);
    }

    /** Loads the CA from the data dir, creating it (under a lock, so two processes never make two CAs) when absent. */
    public static CertificateAuthority loadOrCreate(HubPaths paths, Clock clock, SecureRandom random) {
        try {
            StateFiles.ensureDirectory(paths.caDir());
            Files.setPosixFilePermissions(paths.caDir(), StateFiles.OWNER_ONLY_DIR);
            try (StateFiles.Held lock = StateFiles.lock(paths.caDir().resolve(".ca.lock"))) {
                if (Files.exists(paths.caCertificate()) || Files.exists(paths.caKey())) {
                    return load(paths, clock, random);
                }
                return create(paths, clock, random);
            }
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE,
                    "cannot open the CA in " + paths.caDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The new CA of a rotation under way ({@code ca/next.*}), if any.
     *
     * @throws MeshcpException STATE when its files cannot be read
     */
    public static java.util.Optional<CertificateAuthority> loadNext(HubPaths paths, Clock clock, SecureRandom random) {
        if (!Files.exists(paths.nextCaCertificate())) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new CertificateAuthority(Pem.readCertificate(paths.nextCaCertificate()),
                    Pem.readPrivateKey(paths.nextCaKey()), clock, random, null));
        } catch (IOException | IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "the new CA in " + paths.caDir() + " cannot be read ("
                    + e.getMessage() + "); delete next.crt and next.key to start the rotation again", e);
        }
    }

    /**
     * Creates the new CA of a rotation in {@code ca/next.*}, under the CA lock.
     *
     * @throws MeshcpException CONFLICT when a rotation is already under way
     */
    public static CertificateAuthority createNext(HubPaths paths, Clock clock, SecureRandom random) {
        try (StateFiles.Held lock = StateFiles.lock(paths.caDir().resolve(".ca.lock"))) {
            if (Files.exists(paths.nextCaCertificate()) || Files.exists(paths.nextCaKey())) {
                throw new MeshcpException(MeshcpException.Kind.CONFLICT,
                        "a CA rotation is already under way: finish it with 'ca rotate --finish'");
            }
            return create(paths.nextCaKey(), paths.nextCaCertificate(), clock, random, null);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot create the new CA in " + paths.caDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends a rotation: the new CA replaces ca.crt and ca.key (the old key is deleted; its certificate is kept as
     * {@code retired-SERIAL.crt}), under the CA lock. Key first, then certificate, each an atomic rename.
     */
    public static void promoteNext(HubPaths paths) {
        try (StateFiles.Held lock = StateFiles.lock(paths.caDir().resolve(".ca.lock"))) {
            if (!Files.exists(paths.nextCaCertificate()) || !Files.exists(paths.nextCaKey())) {
                throw new MeshcpException(MeshcpException.Kind.CONFLICT, "no CA rotation is under way: start one with 'ca rotate'");
            }
            X509Certificate old = Pem.readCertificate(paths.caCertificate());
            Files.copy(paths.caCertificate(), paths.caDir().resolve("retired-" + serialOf(old) + ".crt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(paths.nextCaKey(), paths.caKey(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(paths.nextCaCertificate(), paths.caCertificate(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot replace the CA in " + paths.caDir() + ": " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority load(HubPaths paths, Clock clock, SecureRandom random) throws IOException {
        if (!Files.exists(paths.caCertificate()) || !Files.exists(paths.caKey())) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "the CA in " + paths.caDir()
                    + " is incomplete (ca.crt and ca.key must both exist); restore both from a backup");
        }
        try {
            X509Certificate cert = Pem.readCertificate(paths.caCertificate());
            PrivateKey key = Pem.readPrivateKey(paths.caKey());
            return new CertificateAuthority(cert, key, clock, random, paths.caCertificate());
        } catch (IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "the CA in " + paths.caDir()
                    + " cannot be read (" + e.getMessage() + "); restore ca.crt and ca.key from a backup", e);
        }
    }

    private static CertificateAuthority create(HubPaths paths, Clock clock, SecureRandom random) throws IOException {
        return create(paths.caKey(), paths.caCertificate(), clock, random, paths.caCertificate());
    }

    /** tracked: the file {@link #requireCurrent} compares with (the current CA's), or null (the next CA's). */
    private static CertificateAuthority create(java.nio.file.Path keyFile, java.nio.file.Path certificateFile, Clock clock,
                                               SecureRandom random, java.nio.file.Path tracked) throws IOException {
        KeyPair pair = KeyPairs.generateP256();
        Instant now = clock.instant();
        String subject = "CN=meshcp CA " + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        try {
            X509Certificate cert = Signing.selfSignedCa(subject, serial(random), now.minus(BACKDATE), now.plus(CA_VALIDITY), pair);
            // key first: a crash in between leaves an incomplete CA that load() reports, never a half-trusted one
            StateFiles.writeAtomically(keyFile, Pem.encode(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
            StateFiles.writeAtomically(certificateFile, Pem.encode(cert).getBytes(StandardCharsets.US_ASCII));
            Files.setPosixFilePermissions(certificateFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            return new CertificateAuthority(cert, pair.getPrivate(), clock, random, tracked);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the CA certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 pin of the CA's public key, carried in every enrollment token. */
    public String pin() {
        return CaPin.of(certificate);
    }

    /**
     * Issues a certificate for {@code publicKey} exactly as the profile says; a short-lived profile lasts the
     * configured leaf validity. Valid from 5 minutes before now (clock skew) to now + validity.
     */
    public X509Certificate issue(CertificateProfile profile, PublicKey publicKey) {
        Instant now = clock.instant();
        Duration validity = profile.shortLived() ? shortLeafValidity.get() : profile.validity();
        try {
            return Signing.leaf(certificate, key, profile, publicKey, serial(random), now.minus(BACKDATE),
                    now.plus(validity));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    /** 128 random bits, positive: unique and unguessable serials. */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(128, random).setBit(127);
    }

    /** The serial in the registry's notation: lowercase hex. */
    public static String serialOf(X509Certificate cert) {
        return cert.getSerialNumber().toString(16);
    }

    /**
     * What BouncyCastle builds and signs. A class of its own so that verifying {@link CertificateAuthority}, which every
     * hub process loads to read the CA, does not load BouncyCastle's signed jars: only issuing does.
     */
    private static final class Signing {
        private Signing() {
        }

        static X509Certificate selfSignedCa(String subjectName, BigInteger serial, Instant notBefore, Instant notAfter,
                KeyPair pair) throws java.security.GeneralSecurityException {
            X500Name subject = new X500Name(subjectName);
            try {
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                        Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                        .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
                return sign(builder, pair.getPrivate());
            } catch (org.bouncycastle.cert.CertIOException e) {
                throw new java.security.GeneralSecurityException(e);
            }
        }

        static X509Certificate leaf(X509Certificate issuer, PrivateKey issuerKey, CertificateProfile profile, PublicKey publicKey,
                BigInteger serial, Instant notBefore, Instant notAfter) throws java.security.GeneralSecurityException {
            try {
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                        Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + profile.commonName()), publicKey)
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, profile.extendedKeyUsage())
                        .addExtension(Extension.subjectAlternativeName, false, profile.subjectAlternativeNames())
                        .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey))
                        .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
                return sign(builder, issuerKey);
            } catch (org.bouncycastle.cert.CertIOException e) {
                throw new java.security.GeneralSecurityException(e);
            }
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws java.security.GeneralSecurityException {
            try {
                var contentSigner = new JcaContentSignerBuilder(KeyPairs.SIGNATURE_ALGORITHM).build(signer);
                return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
            } catch (OperatorCreationException e) {
                throw new java.security.GeneralSecurityException(e);
            }
        }
    }
}
