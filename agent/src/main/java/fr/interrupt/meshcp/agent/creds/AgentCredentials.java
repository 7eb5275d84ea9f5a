package fr.interrupt.meshcp.agent.creds;

import fr.interrupt.meshcp.agent.AgentException;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's TLS identity, loaded from the creds directory and checked to belong together. */
public record AgentCredentials(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCredentials.class);
    private static final String ENROLL_HINT = "enroll this machine first (meshcp-agent enroll ...)";

    /** Loads and checks the three files for the machine named in agent.yaml. */
    public static AgentCredentials load(CredentialFiles files, String machineName) throws AgentException {
        for (Path p : files.all()) {
            if (!Files.exists(p)) {
                throw new AgentException("missing " + p + ": " + ENROLL_HINT);
            }
        }
        warnIfReadableByOthers(files.privateKey());
        PrivateKey key;
        X509Certificate certificate;
        X509Certificate ca;
        try {
            key = Pem.readPrivateKey(files.privateKey());
        } catch (IllegalArgumentException e) {
            throw new AgentException(files.privateKey() + " is not a PEM private key: re-enroll this machine (meshcp-agent enroll --force ...)");
        } catch (IOException e) {
            throw unreadable(files.privateKey(), e);
        }
        certificate = readCertificate(files.certificate());
        ca = readCertificate(files.caCertificate());
        try {
            CaTrustManager.validateChain(new X509Certificate[] {certificate}, ca);
        } catch (CertificateException e) {
            throw new AgentException(files.certificate() + " is not signed by " + files.caCertificate() + ": re-enroll this machine (meshcp-agent enroll --force ...)");
        }
        if (!CertificateRoles.isAgent(certificate, machineName)) {
            throw new AgentException(files.certificate() + " is not an agent certificate for machine \"" + machineName
                    + "\": check machine_name in agent.yaml, or re-enroll this machine");
        }
        if (!KeyMatch.matches(key, certificate.getPublicKey())) {
            throw new AgentException(files.privateKey() + " does not match " + files.certificate() + ": re-enroll this machine (meshcp-agent enroll --force ...)");
        }
        return new AgentCredentials(key, certificate, ca);
    }

    private static X509Certificate readCertificate(Path file) throws AgentException {
        try {
            return Pem.readCertificate(file);
        } catch (IllegalArgumentException e) {
            throw new AgentException(file + " is not a PEM certificate: re-enroll this machine (meshcp-agent enroll --force ...)");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static AgentException unreadable(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new AgentException("cannot read " + file + ": permission denied (run the agent as the user that enrolled, usually root)");
        }
        if (e instanceof NoSuchFileException) {
            return new AgentException("missing " + file + ": " + ENROLL_HINT);
        }
        return new AgentException("cannot read " + file + ": " + e.getMessage());
    }

    private static void warnIfReadableByOthers(Path key) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(key);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by other users; restrict it with: chmod 600 {}", key, key);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
