package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.shared.AgentVersion;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CaTrust;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import fr.interrupt.meshcp.agent.creds.HubDenyList;
import fr.interrupt.meshcp.agent.creds.LiveCredentials;
import fr.interrupt.meshcp.agent.server.CertificateService;
import io.grpc.ServerServiceDefinition;
import fr.interrupt.meshcp.agent.docker.DockerClient;
import fr.interrupt.meshcp.agent.files.FileOpener;
import fr.interrupt.meshcp.agent.files.FileOperations;
import fr.interrupt.meshcp.agent.files.OwnFiles;
import fr.interrupt.meshcp.agent.files.PathPolicy;
import fr.interrupt.meshcp.agent.server.AgentServer;
import fr.interrupt.meshcp.agent.server.AgentService;
import fr.interrupt.meshcp.agent.shell.CommandPolicy;
import fr.interrupt.meshcp.agent.shell.ProcessTree;
import fr.interrupt.meshcp.agent.shell.ShellExecutor;
import fr.interrupt.meshcp.agent.system.SystemStatusCollector;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The agent's composition root: builds every capability from agent.yaml, serves them, and takes them down. */
public final class AgentRuntime implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final AgentServer server;
    private final ShellExecutor shell;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor streamWorkers;
    private final ThreadPoolExecutor jobStreams;

    private AgentRuntime(AgentServer server, ShellExecutor shell, ScheduledThreadPoolExecutor timer, ThreadPoolExecutor streamWorkers,
            ThreadPoolExecutor jobStreams) {
        this.server = server;
        this.shell = shell;
        this.timer = timer;
        this.streamWorkers = streamWorkers;
        this.jobStreams = jobStreams;
    }

    public static AgentRuntime start(AgentConfig config, AgentCredentials credentials, HostFacts host, Clock clock) throws IOException {
        return start(config, credentials, host, clock, List.of());
    }

    /**
     * The agent started from {@code configFile}: that file, the creds dir and the agent's program are never served by
     * the files capability ({@link OwnFiles}). The overloads without it protect {@link AgentConfig#DEFAULT_PATH}.
     */
    public static AgentRuntime start(AgentConfig config, Path configFile, AgentCredentials credentials, HostFacts host,
            Clock clock) throws IOException {
        return start(config, OwnFiles.of(configFile, config.credsDir()), host, clock, FileOpener.DIRECT,
                service -> serveTls(config, credentials, service.bindService()));
    }

    /** extraInterceptors run inside the orchestrator check (tests count the calls that get through). */
    public static AgentRuntime start(AgentConfig config, AgentCredentials credentials, HostFacts host, Clock clock,
            List<ServerInterceptor> extraInterceptors) throws IOException {
        return start(config, credentials, host, clock, extraInterceptors, FileOpener.DIRECT);
    }

    /** As above, reads opening checked files with opener (tests: a file whose reads never end, like /proc/kmsg). */
    public static AgentRuntime start(AgentConfig config, AgentCredentials credentials, HostFacts host, Clock clock,
            List<ServerInterceptor> extraInterceptors, FileOpener opener) throws IOException {
        return start(config, defaultOwnFiles(config), host, clock, opener,
                service -> serveTls(config, credentials, ServerInterceptors.intercept(service, extraInterceptors)));
    }

    /**
     * mTLS with the certificate lifecycle: the identity can be renewed in place and the hub's deny list (persisted in
     * the creds dir) is enforced, both through {@link CertificateService}.
     */
    private static AgentServer serveTls(AgentConfig config, AgentCredentials credentials, ServerServiceDefinition service)
            throws IOException {
        LiveCredentials live = new LiveCredentials(credentials);
        CaTrust trust = CaTrust.load(config.credsDir(), () -> live.current().ca());
        HubDenyList denied = HubDenyList.load(config.credsDir(), trust::cas);
        CertificateService certificates = new CertificateService(config.machineName(), live, trust,
                new CredentialFiles(config.credsDir()), denied);
        return AgentServer.start(config.listen(), live, trust, denied, service, certificates.bindService());
    }

    /**
     * The same agent served on transport instead of mTLS on config's listen address: tests pass an in-process
     * builder so a hub in the same JVM can call the real service without sockets or certificates.
     */
    public static AgentRuntime start(AgentConfig config, ServerBuilder<?> transport, HostFacts host, Clock clock) throws IOException {
        return start(config, transport, host, clock, FileOpener.DIRECT);
    }

    /**
     * As {@link #start(AgentConfig, ServerBuilder, HostFacts, Clock)}, reads opening checked files with opener: tests
     * pass one whose reads never end, as a read of {@code /proc/kmsg} does.
     */
    public static AgentRuntime start(AgentConfig config, ServerBuilder<?> transport, HostFacts host, Clock clock, FileOpener opener)
            throws IOException {
        return start(config, defaultOwnFiles(config), host, clock, opener, service -> AgentServer.start(transport, service.bindService()));
    }

    private static OwnFiles defaultOwnFiles(AgentConfig config) {
        return OwnFiles.of(AgentConfig.DEFAULT_PATH, config.credsDir());
    }

    /** How the service is put on the wire. */
    private interface Serve {
        AgentServer serve(AgentService service) throws IOException;
    }

    private static AgentRuntime start(AgentConfig config, OwnFiles ownFiles, HostFacts host, Clock clock, FileOpener opener, Serve serve)
            throws IOException {
        var capabilities = config.capabilities();
        PathPolicy paths = new PathPolicy(capabilities.files().allowedPaths());
        ShellExecutor shell = new ShellExecutor(capabilities.shell(), CommandPolicy.forThisMachine(capabilities.shell()), paths,
                ProcessTree.forThisMachine(), clock);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("agent-timer"));
        timer.setRemoveOnCancelPolicy(true);
        ThreadPoolExecutor streamWorkers = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("log-stream"));
        // Sends kept job output: short tasks that never block, at most one queued per open Exec/AttachJob call.
        ThreadPoolExecutor jobStreams = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DaemonThreads("job-stream"));
        jobStreams.allowCoreThreadTimeOut(true);
        AgentService service = new AgentService(
                new AgentIdentity(config.machineName(), AgentVersion.current(), host, clock, clock.instant(), config.labels()),
                capabilities,
                shell,
                FileOperations.create(capabilities.files(), paths, ownFiles, opener),
                new SystemStatusCollector(capabilities.system()),
                new DockerClient(capabilities.docker(), timer),
                streamWorkers,
                jobStreams,
                timer);
        try {
            AgentServer server = serve.serve(service);
            return new AgentRuntime(server, shell, timer, streamWorkers, jobStreams);
        } catch (IOException | RuntimeException e) {
            shell.close();
            timer.shutdownNow();
            streamWorkers.shutdownNow();
            jobStreams.shutdownNow();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops accepting calls, gives running ones a few seconds, then kills every running job's process tree. */
    @Override
    public void close() {
        server.stop(GRACE);
        shell.close();
        timer.shutdownNow();
        streamWorkers.shutdownNow();
        jobStreams.shutdownNow();
    }
}
