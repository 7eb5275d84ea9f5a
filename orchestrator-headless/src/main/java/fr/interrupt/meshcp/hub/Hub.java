package fr.interrupt.meshcp.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.enroll.EndpointProbe;
import fr.interrupt.meshcp.hub.packages.PackageStore;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.nio.charset.StandardCharsets;
import fr.interrupt.meshcp.hub.enroll.EnrollmentEndpointService;
import fr.interrupt.meshcp.hub.enroll.EnrollmentService;
import fr.interrupt.meshcp.hub.fleet.AgentChannelFactory;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.fleet.ClientTlsContexts;
import fr.interrupt.meshcp.hub.fleet.TlsChannelFactory;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.pki.HubCredentials;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.policy.ApprovalFile;
import fr.interrupt.meshcp.hub.policy.ApprovalService;
import fr.interrupt.meshcp.hub.policy.FileChanges;
import fr.interrupt.meshcp.hub.policy.PolicyFile;
import fr.interrupt.meshcp.hub.policy.PolicyService;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.service.ExecService;
import fr.interrupt.meshcp.hub.service.ExecSessionService;
import fr.interrupt.meshcp.hub.service.FileEdits;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.hub.service.MachineService;
import fr.interrupt.meshcp.hub.service.StatusService;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.StateFiles;
import fr.interrupt.meshcp.hub.tokens.TokenFile;
import fr.interrupt.meshcp.hub.tokens.TokenService;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hub as every face sees it: a facade of services, one per process and data dir. The CLI, the MCP server
 * and the desktop app each open one and call only its services (machines, exec, files, status, tokens, the
 * enrollment endpoint); the registry, the token store, the audit log, the CA and the pools stay inside, so side
 * effects such as auditing happen in the services, once.
 */
public final class Hub implements AutoCloseable {
    /** Threads for fan-outs (fleet snapshot, pings); idle ones time out. */
    private static final int BACKGROUND_THREADS = MachineService.FanOutSettings.DEFAULT.parallelism();
    /** How long the enrollment probe waits to connect and for the handshake, each. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final Path dataDir;
    private final AuditLog audit;
    private final Clock clock;
    private final String caPin;
    private final AgentChannels channels;
    private final ExecutorService background;
    private final MachineService machines;
    private final TokenService tokens;
    private final ExecService exec;
    private final ExecSessionService execSessions;
    private final JobService jobs;
    private final FileService files;
    private final FileEdits edits;
    private final StatusService status;
    private final EnrollmentEndpointService enrollmentEndpoint;
    private final PolicyService policy;
    private final ApprovalService approvals;
    private final PackageStore packages;

    private Hub(HubPaths paths, String caller, Clock clock, AgentChannelFactory agents) {
        this.dataDir = paths.dataDir();
        this.clock = clock;
        ObjectMapper json = Json.mapper();
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(paths, clock, random);
        this.caPin = ca.pin();
        HubCredentials credentials = HubCredentials.loadOrCreate(paths, ca);
        MachineRegistry registry = MachineRegistry.at(paths);
        this.audit = new AuditLog(paths.auditLog(), caller, clock, json);
        this.tokens = new TokenService(new JsonStateFile<>(paths.tokens(), TokenFile.class, TokenFile::empty, json),
                ca, registry, clock, random, audit);
        this.channels = new AgentChannels(agents != null ? agents : new TlsChannelFactory(ClientTlsContexts.watching(
                paths.hubDir().resolve("orchestrator.crt"), paths.hubDir().resolve("orchestrator.key"), credentials.orchestratorClient()), registry));
        this.background = daemonPool(BACKGROUND_THREADS);
        this.status = new StatusService(registry, channels, clock);
        this.machines = new MachineService(registry, channels, status, audit, clock, background,
                MachineService.FanOutSettings.DEFAULT);
        EnrollmentService enrollment = new EnrollmentService(tokens, ca, registry, audit, clock);
        this.packages = new PackageStore(paths.packagesDir(), clock, json);
        this.enrollmentEndpoint = new EnrollmentEndpointService(credentials.enrollmentServer(), enrollment,
                new EndpointProbe(caPin, PROBE_TIMEOUT), clock, json, packages,
                Pem.encode(ca.certificate()).getBytes(StandardCharsets.US_ASCII));
        // a corrupt state file must stop the process now, not at the first request hours later
        registry.list();
        tokens.list();
        this.exec = new ExecService(registry, channels, audit, caller);
        this.execSessions = new ExecSessionService(registry, channels, audit, caller);
        this.jobs = new JobService(registry, channels, audit, caller);
        this.files = new FileService(registry, channels, audit);
        this.policy = new PolicyService(new JsonStateFile<>(paths.mcpPolicy(), PolicyFile.class, PolicyFile::empty, json),
                audit, clock, caller);
        this.edits = new FileEdits(files);
        this.approvals = new ApprovalService(new JsonStateFile<>(paths.approvals(), ApprovalFile.class, ApprovalFile::empty, json),
                jobs, new FileChanges(files, edits), policy, audit, clock, random, caller, ApprovalService.DEFAULT_TTL);
        policy.rules();
        approvals.list();
    }

    /**
     * Opens (creating on first use, 0700) the hub state in {@code dataDir}. {@code caller} names this process in
     * audit.log ("cli:alice"). Blocking: it may create the CA key and takes file locks.
     *
     * @throws MeshcpException STATE when the directory cannot be created or a state file is corrupt
     */
    public static Hub open(Path dataDir, String caller) {
        return open(dataDir, caller, Clock.systemUTC());
    }

    /** Same, with the clock every service uses (tests move it by hand). */
    public static Hub open(Path dataDir, String caller, Clock clock) {
        return open(dataDir, caller, clock, null);
    }

    /**
     * Like {@link #open(Path, String, Clock)}, reaching agents through agents instead of mTLS over TCP
     * (tests: in-process channels to real agent services). The hub closes agents when it closes.
     */
    public static Hub open(Path dataDir, String caller, Clock clock, AgentChannelFactory agents) {
        fr.interrupt.meshcp.hub.state.PrivateDataDir.prepare(dataDir);
        return new Hub(new HubPaths(dataDir), caller, clock, agents);
    }

    private static ExecutorService daemonPool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "meshcp-hub");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The data directory this hub keeps its state in (to show people; never write there directly). */
    public Path dataDir() {
        return dataDir;
    }

    /** The clock every service uses: compare service times (token expiry, last seen) with this, not the system's. */
    public Clock clock() {
        return clock;
    }

    /** The SHA-256 pin of this hub's CA key (base64url), as enrollment tokens carry it. */
    public String caPin() {
        return caPin;
    }

    /** Machines: list, ping, statuses, the fleet snapshot, remove. */
    public MachineService machines() {
        return machines;
    }

    /** Enrollment tokens: create, list, revoke (each audited). */
    public TokenService tokens() {
        return tokens;
    }

    /** Commands on one machine, streamed. */
    public ExecService exec() {
        return exec;
    }

    /** Commands on one machine that read input: stdin streamed, or a pseudo-terminal (the CLI's exec; not MCP or the desktop). */
    public ExecSessionService execSessions() {
        return execSessions;
    }

    /** Jobs kept by the agents: start detached, wait, read, follow, list, cancel. */
    public JobService jobs() {
        return jobs;
    }

    /** Remote files: read, write, list, stat, streamed. */
    public FileService files() {
        return files;
    }

    /** Exact-text edits of remote UTF-8 files (edit_file, and edits approved at the hub). */
    public FileEdits edits() {
        return edits;
    }

    /** A machine's system status. */
    public StatusService status() {
        return status;
    }

    /** The hub's policy for MCP callers (Claude): rules per machine or glob, read, changed and applied here. */
    public PolicyService policy() {
        return policy;
    }

    /** MCP requests waiting for a person (policy mode ask): list, approve (which starts the job), deny. */
    public ApprovalService approvals() {
        return approvals;
    }

    /** Starts the HTTPS enrollment endpoint and says who serves it when the port is taken. */
    public EnrollmentEndpointService enrollmentEndpoint() {
        return enrollmentEndpoint;
    }

    /** The agent packages the enrollment endpoint serves to install.sh: add, list, the checksums. */
    public PackageStore packages() {
        return packages;
    }

    /**
     * Writes the audit.log line of an MCP tool call ("mcp:TOOL"), the one side effect only that face knows of; the
     * services audit their own operations. {@code machine} may be null; {@code details} must hold no secret.
     *
     * @throws MeshcpException STATE when audit.log cannot be written
     */
    public void recordToolCall(String tool, String machine, Map<String, Object> details) {
        audit.record("mcp:" + tool, machine, details);
    }

    /** Closes the agent channels and stops the background threads (running fan-outs are interrupted). */
    @Override
    public void close() {
        channels.close();
        background.shutdownNow();
    }
}
