package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the hub's channels to agents get their TLS context: the hub's orchestrator credential as a key
 * manager, built once and kept while its files are unchanged, plus the dialled machine's identity rule.
 *
 * <p>Building a PKCS12 key manager costs 5–60 ms of CPU (review of 2026-11-29: half of {@code machines}' time at
 * 10,000 machines went there when it was built per channel). The certificate and key files are looked at (one
 * {@code stat} each) every time a channel is opened: a change of file identity, modification time or size, as an
 * atomic replace or a renewal makes, loads the pair again, so the next channel presents the new certificate. A
 * pair that does not load or does not match (a renewal caught between its two writes) keeps the previous one and
 * is tried again on the next channel.
 */
public final class ClientTlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTlsContexts.class);

    private final Path certificateFile;
    private final Path keyFile;
    private volatile Loaded loaded;

    private record Version(Object certKey, long certModified, long certSize, Object keyKey, long keyModified, long keySize) {
    }

    private record Loaded(Version version, Credential credential, KeyManagerFactory keyManagers) {
    }

    private ClientTlsContexts(Path certificateFile, Path keyFile, Credential initial) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        // the key manager is built on the first channel: commands that dial no machine never pay for it
        this.loaded = new Loaded(certificateFile == null ? null : version(), initial, null);
    }

    /**
     * The credential in {@code certificateFile} and {@code keyFile} (PEM), already loaded as {@code current}; the
     * files are watched for changes from now on.
     */
    public static ClientTlsContexts watching(Path certificateFile, Path keyFile, Credential current) {
        return new ClientTlsContexts(certificateFile, keyFile, current);
    }

    /** A credential that has no files (tests, tools): its key manager is built once and never changes. */
    public static ClientTlsContexts fixed(Credential credential) {
        return new ClientTlsContexts(null, null, credential);
    }

    /** The credential channels present now (after loading changed files, if any). */
    public Credential credential() {
        return current().credential();
    }

    /** The key manager channels present now: the same instance while the credential files are unchanged. */
    public KeyManagerFactory keyManagers() {
        Loaded now = current();
        if (now.keyManagers() != null) {
            return now.keyManagers();
        }
        synchronized (this) {
            if (loaded.keyManagers() == null) {
                loaded = new Loaded(loaded.version(), loaded.credential(), loaded.credential().keyManagerFactory());
            }
            return loaded.keyManagers();
        }
    }

    /**
     * A client TLS context for dialling {@code machine}: this credential, trusting only this hub's CA and, through
     * {@link AgentIdentityRule}, only that machine's certificate (recorded serial, not revoked). TLS versions and
     * suites from {@link TlsSettings}; JDK provider.
     *
     * @throws IllegalStateException when netty refuses the context (a JDK without the configured suites)
     */
    public SslContext forMachine(Machine machine, MachineRegistry registry) {
        Loaded now = current();
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(keyManagers())
                    .trustManager(new CaTrustManager(now.credential().ca(), new AgentIdentityRule(machine, registry)))
                    .protocols(TlsSettings.PROTOCOLS)
                    .ciphers(TlsSettings.CIPHER_SUITES)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS to " + machine.name(), e);
        }
    }

    private Loaded current() {
        Loaded last = loaded;
        if (certificateFile == null) {
            return last;
        }
        Version version = version();
        if (version == null || version.equals(last.version())) {
            return last;
        }
        synchronized (this) {
            last = loaded;
            if (version.equals(last.version())) {
                return last;
            }
            try {
                X509Certificate certificate = Pem.readCertificate(certificateFile);
                Credential next = new Credential(Pem.readPrivateKey(keyFile), certificate, last.credential().ca());
                requireMatchingPair(next);
                loaded = new Loaded(version, next, next.keyManagerFactory());
                LOG.info("hub client certificate reloaded from {} (serial {})", certificateFile,
                        certificate.getSerialNumber().toString(16));
            } catch (IOException | RuntimeException | GeneralSecurityException e) {
                LOG.warn("keeping the loaded hub client certificate: {} and {} do not load as a pair ({})",
                        certificateFile, keyFile, e.getMessage());
            }
            return loaded;
        }
    }

    /** A renewal writes the key and the certificate one after the other: never pair a new key with an old certificate. */
    private static void requireMatchingPair(Credential credential) throws GeneralSecurityException {
        byte[] probe = "meshcp key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(credential.key());
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(credential.certificate().getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the key does not belong to the certificate");
        }
    }

    /** Both files' identity, modification time and size; null when one cannot be read now. */
    private Version version() {
        try {
            BasicFileAttributes cert = Files.readAttributes(certificateFile, BasicFileAttributes.class);
            BasicFileAttributes key = Files.readAttributes(keyFile, BasicFileAttributes.class);
            return new Version(cert.fileKey(), cert.lastModifiedTime().to(TimeUnit.NANOSECONDS), cert.size(),
                    key.fileKey(), key.lastModifiedTime().to(TimeUnit.NANOSECONDS), key.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
