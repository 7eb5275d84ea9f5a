package fr.interrupt.meshcp.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import fr.interrupt.meshcp.hub.enroll.EnrollmentService;
import fr.interrupt.meshcp.hub.enroll.FailureRateLimiter;
import fr.interrupt.meshcp.hub.fleet.AgentChannelFactory;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.fleet.TlsChannelFactory;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.pki.HubCredentials;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.registry.RegistryFile;
import fr.interrupt.meshcp.hub.service.ExecService;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.hub.service.MachineService;
import fr.interrupt.meshcp.hub.service.StatusService;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.hub.tokens.TokenFile;
import fr.interrupt.meshcp.hub.tokens.TokenService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The composition root of the hub: one per process, on one data dir. The CLI, the MCP server and
 * the desktop app all build one and call its services; nothing is wired anywhere else.
 */
public final class Hub implements AutoCloseable {
    private final HubPaths paths;
    private final Clock clock;
    private final ObjectMapper json;
    private final CertificateAuthority ca;
    private final HubCredentials credentials;
    private final MachineRegistry registry;
    private final TokenService tokens;
    private final AuditLog audit;
    private final AgentChannels channels;
    private final ExecutorService background;
    private final MachineService machines;
    private final EnrollmentService enrollment;
    private final ExecService exec;
    private final FileService files;
    private final StatusService status;

    private Hub(HubPaths paths, String caller, Clock clock, AgentChannelFactory agents) {
        this.paths = paths;
        this.clock = clock;
        this.json = Json.mapper();
        SecureRandom random = new SecureRandom();
        this.ca = CertificateAuthority.loadOrCreate(paths, clock, random);
        this.credentials = HubCredentials.loadOrCreate(paths, ca);
        this.registry = new MachineRegistry(new JsonStateFile<>(paths.registry(), RegistryFile.class, RegistryFile::empty, json));
        this.tokens = new TokenService(new JsonStateFile<>(paths.tokens(), TokenFile.class, TokenFile::empty, json),
                ca, registry, clock, random);
        this.audit = new AuditLog(paths.auditLog(), caller, clock, json);
        this.channels = new AgentChannels(agents != null ? agents : new TlsChannelFactory(credentials.orchestratorClient(), registry));
        this.background = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "meshcp-hub");
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) background).allowCoreThreadTimeOut(true);
        this.machines = new MachineService(registry, channels, audit, clock, background);
        this.enrollment = new EnrollmentService(tokens, ca, registry, audit, clock);
        // a corrupt state file must stop the process now, not at the first request hours later
        registry.list();
        tokens.list();
        this.exec = new ExecService(registry, channels, audit);
        this.files = new FileService(registry, channels, audit);
        this.status = new StatusService(registry, channels, clock);
    }

    /** Opens (creating on first use) the hub state in {@code dataDir}. {@code caller} names this process in audit.log. */
    public static Hub open(Path dataDir, String caller) {
        return open(dataDir, caller, Clock.systemUTC());
    }

    public static Hub open(Path dataDir, String caller, Clock clock) {
        return open(dataDir, caller, clock, null);
    }

    /**
     * Like {@link #open(Path, String, Clock)}, reaching agents through agents instead of mTLS over TCP
     * (tests: in-process channels to real agent services). The hub closes agents when it closes.
     */
    public static Hub open(Path dataDir, String caller, Clock clock, AgentChannelFactory agents) {
        createPrivately(dataDir);
        return new Hub(new HubPaths(dataDir), caller, clock, agents);
    }

    private static void createPrivately(Path dataDir) {
        if (java.nio.file.Files.isDirectory(dataDir)) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(dataDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    fr.interrupt.meshcp.hub.state.StateFiles.OWNER_ONLY_DIR));
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot create the data directory " + dataDir + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); choose another with --data-dir");
        }
    }

    /** Starts the enrollment endpoint; throws {@link java.net.BindException} when the port is taken. */
    public EnrollmentServer startEnrollmentServer(InetSocketAddress listen) throws IOException {
        return EnrollmentServer.start(listen, credentials.enrollmentServer(), enrollment,
                new FailureRateLimiter(10, Duration.ofMinutes(1), clock), json);
    }

    public HubPaths paths() {
        return paths;
    }

    public Clock clock() {
        return clock;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public MachineRegistry registry() {
        return registry;
    }

    public TokenService tokens() {
        return tokens;
    }

    public MachineService machines() {
        return machines;
    }

    public ExecService exec() {
        return exec;
    }

    public FileService files() {
        return files;
    }

    public StatusService status() {
        return status;
    }

    public AuditLog audit() {
        return audit;
    }

    public ExecutorService background() {
        return background;
    }

    public EnrollmentService enrollment() {
        return enrollment;
    }

    @Override
    public void close() {
        channels.close();
        background.shutdownNow();
    }
}
