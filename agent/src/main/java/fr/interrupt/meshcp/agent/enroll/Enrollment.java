package fr.interrupt.meshcp.agent.enroll;

import fr.interrupt.meshcp.agent.AgentException;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ConfigException;
import fr.interrupt.meshcp.agent.config.ConfigLoader;
import fr.interrupt.meshcp.agent.config.ConfigWriter;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import fr.interrupt.meshcp.agent.io.AtomicFiles;
import fr.interrupt.meshcp.shared.AgentVersion;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.MachineName;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Enrolls this machine: checks it can write its files, makes a key, sends a CSR to the hub pinned by the token,
 * checks what comes back, then writes creds and agent.yaml. Nothing is written unless the hub said yes.
 */
public final class Enrollment {
    private final EnrollmentClient client;
    private final HostFacts host;

    public Enrollment(EnrollmentClient client, HostFacts host) {
        this.client = client;
        this.host = host;
    }

    /**
     * What `enroll` was asked; name may be null (the hub then uses the token's name). With force, an enrolled machine
     * is enrolled again and its agent.yaml capabilities are kept; resetConfig replaces them with the defaults instead,
     * the only way to widen them (an agent.yaml that does not parse stops a forced enrollment without it).
     */
    public record Request(String orchestrator, String token, String name, Path configPath, Path credsDir, ListenAddress listen,
            boolean force, boolean resetConfig) {
    }

    /** What was enrolled and where; keptCapabilities when --force reused an existing agent.yaml's capabilities. */
    public record Result(String machineName, Path configPath, boolean keptCapabilities) {
    }

    public Result enroll(Request request) throws AgentException {
        EnrollmentToken token;
        try {
            token = EnrollmentToken.parse(request.token());
        } catch (IllegalArgumentException e) {
            throw new EnrollmentException("invalid token: " + e.getMessage());
        }
        HubAddress hub = HubAddress.parse(request.orchestrator());
        if (request.name() != null) {
            try {
                MachineName.require(request.name());
            } catch (IllegalArgumentException e) {
                throw new EnrollmentException("--name: " + e.getMessage());
            }
        }
        Path configPath = request.configPath().toAbsolutePath().normalize();
        CredentialFiles creds = new CredentialFiles(request.credsDir().toAbsolutePath().normalize());
        Optional<AgentConfig> kept = checkExisting(configPath, creds, request.force(), request.resetConfig());
        checkWritable(creds.dir(), true);
        checkWritable(configPath.getParent(), false);

        KeyPair keyPair = KeyPairs.generateP256();
        String commonName = request.name() == null ? "meshcp-agent" : request.name();
        EnrollRequest enrollRequest = new EnrollRequest(token.id(), token.secret(), request.name() == null ? "" : request.name(),
                CsrFactory.csrPem(keyPair, commonName), host.hostname(), host.os(), host.arch(), AgentVersion.current(),
                request.listen().isWildcard() ? "" : request.listen().host(), request.listen().port());
        EnrollmentClient.Answer answer = client.enroll(hub, token.caPin(), enrollRequest);
        Issued issued = verify(answer, keyPair, request.name(), hub);

        AgentConfig config = new AgentConfig(issued.machineName(), request.listen(), creds.dir(),
                kept.map(AgentConfig::capabilities).orElse(Capabilities.DEFAULT), kept.map(AgentConfig::labels).orElse(Map.of()));
        try {
            creds.write(keyPair.getPrivate(), issued.certificate(), issued.ca());
            Files.createDirectories(configPath.getParent());
            AtomicFiles.write(configPath, new ConfigWriter().render(config).getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new EnrollmentException("the hub enrolled this machine as " + issued.machineName() + " but its files could not be written ("
                    + e.getMessage() + "); remove the machine on the hub, fix the problem and enroll again with a fresh token");
        }
        return new Result(issued.machineName(), configPath, kept.isPresent());
    }

    private record Issued(String machineName, X509Certificate certificate, X509Certificate ca) {
    }

    private static Issued verify(EnrollmentClient.Answer answer, KeyPair keyPair, String requestedName, HubAddress hub) throws EnrollmentException {
        EnrollResponse response = answer.response();
        String machineName = response.machineName();
        String bad = "the hub at " + hub.base() + " answered with ";
        if (!MachineName.isValid(machineName) || (requestedName != null && !requestedName.equals(machineName))) {
            throw new EnrollmentException(bad + "a machine name that was not asked for; nothing was written");
        }
        X509Certificate certificate;
        X509Certificate ca;
        try {
            certificate = Pem.certificate(response.certificatePem());
            ca = Pem.certificate(response.caCertificatePem());
        } catch (IllegalArgumentException e) {
            throw new EnrollmentException(bad + "certificates this agent cannot read; nothing was written");
        }
        if (answer.pinnedCa() == null || !ca.equals(answer.pinnedCa())) {
            throw new EnrollmentException(bad + "a CA certificate other than the one pinned by the token; nothing was written");
        }
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), keyPair.getPublic().getEncoded())) {
            throw new EnrollmentException(bad + "a certificate for another key; nothing was written");
        }
        if (!CertificateRoles.isAgent(certificate, machineName)) {
            throw new EnrollmentException(bad + "a certificate that is not an agent certificate for " + machineName + "; nothing was written");
        }
        try {
            CaTrustManager.validateChain(new X509Certificate[] {certificate}, ca);
        } catch (CertificateException e) {
            throw new EnrollmentException(bad + "a certificate its CA did not sign; nothing was written");
        }
        return new Issued(machineName, certificate, ca);
    }

    /**
     * Refuses to replace an enrolled machine's files without --force; with it, keeps the existing capabilities and labels, and
     * refuses when they cannot be read (writing defaults would silently widen the owner's limits) unless resetConfig.
     */
    private static Optional<AgentConfig> checkExisting(Path configPath, CredentialFiles creds, boolean force, boolean resetConfig)
            throws EnrollmentException {
        Optional<Path> existing = Files.exists(configPath) ? Optional.of(configPath) : creds.firstExisting();
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        if (!force) {
            throw new EnrollmentException("this machine looks enrolled already: " + existing.get()
                    + " exists. Pass --force to replace its credentials and agent.yaml (its capabilities and labels are kept).");
        }
        if (resetConfig || !Files.exists(configPath)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConfigLoader().load(configPath));
        } catch (ConfigException e) {
            throw new EnrollmentException(e.getMessage() + ". Nothing was changed and the token was not used: fix "
                    + configPath + " so its limits are kept, or pass --reset-config to replace them with the defaults "
                    + "(any command through sh, any path).");
        }
    }

    /** Fails before the token is spent when the files could not be written afterwards. */
    private static void checkWritable(Path dir, boolean privateDir) throws EnrollmentException {
        try {
            if (privateDir) {
                AtomicFiles.createPrivateDirectory(dir);
            } else {
                Files.createDirectories(dir);
            }
            Path probe = AtomicFiles.createTempSibling(dir.resolve("write-check"), AtomicFiles.OWNER_ONLY);
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new EnrollmentException("cannot write to " + dir + ": permission denied. Run enroll as root, or choose other places with --config and --creds-dir.");
        } catch (IOException e) {
            throw new EnrollmentException("cannot write to " + dir + ": " + e.getMessage());
        }
    }
}
