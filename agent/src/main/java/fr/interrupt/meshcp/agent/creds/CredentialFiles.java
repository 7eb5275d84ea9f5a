package fr.interrupt.meshcp.agent.creds;

import fr.interrupt.meshcp.agent.io.AtomicFiles;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The creds directory: {@code ca.crt}, {@code agent.crt} (0644) and {@code agent.key} (PKCS#8 PEM, 0600), in a 0700 directory. */
public record CredentialFiles(Path dir) {
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public Path certificate() {
        return dir.resolve("agent.crt");
    }

    public Path privateKey() {
        return dir.resolve("agent.key");
    }

    public List<Path> all() {
        return List.of(privateKey(), certificate(), caCertificate());
    }

    /** The first of the three files that already exists, if any. */
    public Optional<Path> firstExisting() {
        return all().stream().filter(Files::exists).findFirst();
    }

    /** Writes the three files, the key first: each atomically, the key never readable by others. */
    public void write(PrivateKey key, X509Certificate certificate, X509Certificate ca) throws IOException {
        AtomicFiles.createPrivateDirectory(dir);
        // Pem.encode(PrivateKey) writes PKCS#8 ("BEGIN PRIVATE KEY").
        AtomicFiles.write(privateKey(), Pem.encode(key)
                .getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
        AtomicFiles.write(certificate(), Pem.encode(certificate).getBytes(StandardCharsets.US_ASCII), AtomicFiles.WORLD_READABLE);
        AtomicFiles.write(caCertificate(), Pem.encode(ca).getBytes(StandardCharsets.US_ASCII), AtomicFiles.WORLD_READABLE);
    }
}
