package fr.interrupt.meshcp.hub.pki;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.StateFiles;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The hub's own certificates, issued by its CA on first use and kept in {@code <data-dir>/hub}. */
public final class HubCredentials {
    private final Credential orchestratorClient;
    private final Credential enrollmentServer;

    private HubCredentials(Credential orchestratorClient, Credential enrollmentServer) {
        this.orchestratorClient = orchestratorClient;
        this.enrollmentServer = enrollmentServer;
    }

    public static HubCredentials loadOrCreate(HubPaths paths, CertificateAuthority ca) {
        return loadOrCreate(paths, ca, java.time.Clock.systemUTC());
    }

    /**
     * Loads the hub's certificates, issuing each again when it is missing, not from this CA, expired, or (for the
     * short-lived orchestrator client certificate) past two thirds of its life at clock's now ({@link RenewalPolicy}).
     */
    public static HubCredentials loadOrCreate(HubPaths paths, CertificateAuthority ca, java.time.Clock clock) {
        try {
            StateFiles.ensureDirectory(paths.hubDir());
            Files.setPosixFilePermissions(paths.hubDir(), StateFiles.OWNER_ONLY_DIR);
            try (StateFiles.Held lock = StateFiles.lock(paths.hubDir().resolve(".hub.lock"))) {
                // profiles are made only to issue: they cost BouncyCastle's ASN.1 classes, a host name lookup and the
                // interface list, which a hub opening its existing certificates (every CLI command) does not need
                Credential client = loadOrIssue(paths.hubDir(), "orchestrator", ca,
                        cert -> CertificateRoles.isOrchestrator(cert) && !RenewalPolicy.isDue(cert.getNotBefore().toInstant(),
                                cert.getNotAfter().toInstant(), clock.instant(), ca.shortLeafValidity()),
                        CertificateProfile::orchestratorClient);
                Credential enrollment = loadOrIssue(paths.hubDir(), "enrollment", ca, CertificateRoles::isEnrollmentServer,
                        () -> CertificateProfile.enrollmentServer(localNames(), localAddresses()));
                return new HubCredentials(client, enrollment);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE,
                    "cannot load the hub's certificates in " + paths.hubDir() + " (" + e.getMessage()
                            + "); delete that directory to have them issued again", e);
        }
    }

    /**
     * Issues the hub a new orchestrator client certificate with a fresh key, under the hub's lock, and writes it over
     * the old one (key first). Processes that hold the old one pick the new one up through {@link HubClientCredential}.
     *
     * @return the new credential
     */
    public static Credential reissueOrchestratorClient(HubPaths paths, CertificateAuthority ca) {
        try (StateFiles.Held lock = StateFiles.lock(paths.hubDir().resolve(".hub.lock"))) {
            return issue(paths.hubDir(), "orchestrator", ca, CertificateProfile.orchestratorClient());
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE,
                    "cannot write the hub's client certificate in " + paths.hubDir() + " (" + e.getMessage() + ")", e);
        }
    }

    public Credential orchestratorClient() {
        return orchestratorClient;
    }

    public Credential enrollmentServer() {
        return enrollmentServer;
    }

    private static Credential loadOrIssue(Path dir, String name, CertificateAuthority ca,
                                          Predicate<X509Certificate> role, Supplier<CertificateProfile> profile) throws IOException {
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            X509Certificate cert = Pem.readCertificate(certFile);
            // a CA replaced by hand makes the old hub certificates useless: issue new ones
            if (role.test(cert) && cert.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())
                    && verifies(cert, ca)) {
                return new Credential(Pem.readPrivateKey(keyFile), cert, ca.certificate());
            }
        }
        return issue(dir, name, ca, profile.get());
    }

    private static Credential issue(Path dir, String name, CertificateAuthority ca, CertificateProfile profile) throws IOException {
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        KeyPair pair = KeyPairs.generateP256();
        X509Certificate cert = ca.issue(profile, pair.getPublic());
        StateFiles.writeAtomically(keyFile, Pem.encode(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        StateFiles.writeAtomically(certFile, Pem.encode(cert).getBytes(StandardCharsets.US_ASCII));
        return new Credential(pair.getPrivate(), cert, ca.certificate());
    }

    private static boolean verifies(X509Certificate cert, CertificateAuthority ca) {
        try {
            cert.verify(ca.certificate().getPublicKey());
            cert.checkValidity();
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static List<String> localNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && host.matches("[A-Za-z0-9.-]{1,253}")) {
                names.add(host.toLowerCase());
            }
        } catch (IOException e) {
            // no resolvable host name: the addresses and the pin still identify the hub
        }
        return new ArrayList<>(names);
    }

    private static List<InetAddress> localAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) {
                        addresses.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            // fall through with what we have
        }
        return addresses;
    }
}
