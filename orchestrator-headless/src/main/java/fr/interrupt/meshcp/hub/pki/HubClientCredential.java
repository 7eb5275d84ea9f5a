package fr.interrupt.meshcp.hub.pki;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.state.StateFiles;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's orchestrator client certificate as this process presents it when it dials agents. Another process on
 * the data dir may renew it ({@code machines renew}, {@code ca revoke-hub}): {@link #get()} notices the file changed
 * and reads the new pair (under the hub's lock, so never a new key with the old certificate).
 */
public final class HubClientCredential implements Supplier<Credential> {
    private static final Logger LOG = LoggerFactory.getLogger(HubClientCredential.class);

    private final HubPaths paths;
    private volatile Credential current;
    private volatile FileTime stamp;

    public HubClientCredential(HubPaths paths, Credential initial) {
        this.paths = paths;
        this.current = initial;
        this.stamp = modified(certificateFile());
    }

    /** The credential on disk now (re-read when the certificate file changed since the last look). */
    @Override
    public Credential get() {
        FileTime now = modified(certificateFile());
        if (now != null && !now.equals(stamp)) {
            reload(now);
        }
        return current;
    }

    /** Takes a credential this process has just written. */
    public void set(Credential credential) {
        current = credential;
        stamp = modified(certificateFile());
    }

    private synchronized void reload(FileTime seen) {
        if (seen.equals(stamp)) {
            return;
        }
        try (StateFiles.Held lock = StateFiles.lock(paths.hubDir().resolve(".hub.lock"))) {
            X509Certificate cert = Pem.readCertificate(certificateFile());
            if (CertificateRoles.isOrchestrator(cert)) {
                // after a CA rotation the certificate comes from the new CA, which is ca.crt by then
                current = new Credential(Pem.readPrivateKey(paths.hubDir().resolve("orchestrator.key")), cert,
                        Pem.readCertificate(paths.caCertificate()));
            }
            stamp = modified(certificateFile());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("keeping the hub's client certificate in memory: cannot read the renewed one ({})", e.getMessage());
            stamp = seen;
        }
    }

    private Path certificateFile() {
        return paths.hubDir().resolve("orchestrator.crt");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
