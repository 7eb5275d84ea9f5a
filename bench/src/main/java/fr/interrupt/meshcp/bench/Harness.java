package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark against ssh (issue 12), run by bench/run.sh: a hub in this JVM with its enrollment endpoint on
 * loopback, agents from the built launcher (web-1 for the single-machine workloads, idle-1 for cold start and idle
 * memory) and N more in one child JVM ({@link AgentFleetMain}); each workload and its anchor run interleaved, A B A B.
 * Prints the machine, the command and one markdown table, and writes them to {@code --out}. Every process it started
 * is stopped before it exits; bench/run.sh stops sshd and the ssh masters.
 */
public final class Harness {
    private Harness() {
    }

    /** Runs the harness with {@link HarnessOptions}; exit 2 on a bad option, 1 when a workload fails. */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("meshcp bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Ctrl-C or SIGTERM: the agents, serve and CLI processes this JVM started go with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                "stop-children"));
        String loadAtStart = MachineDescription.loadAverage();
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("meshcp-harness");
        System.err.println("bench: work dir " + work);
        try {
            ComparisonTable table = run(options, work);
            String report = report(options, loadAtStart, table, Duration.ofNanos(System.nanoTime() - start));
            System.out.print(report);
            Files.writeString(options.out(), report);
        } catch (Exception | AssertionError e) {
            System.err.println("meshcp bench: stopped: " + causes(e));
            deleteTree(work);
            System.exit(1);
        }
        deleteTree(work);
    }

    /** The messages of e and its causes, outermost first: what went wrong, without a stack trace. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by: ").append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return text.toString();
    }

    private static ComparisonTable run(HarnessOptions options, Path work) throws Exception {
        Scale scale = options.smoke() ? Scale.SMOKE : Scale.FULL;
        // a smoke run only checks that every row comes out: C1 keeps its many short JVMs cheap
        Map<String, String> env = Map.of("MESHCP_JAVA_OPTS", options.smoke() ? "-XX:TieredStopAtLevel=1" : "");
        Commands commands = new Commands(work.resolve("command.err"), env);
        ComparisonTable table = new ComparisonTable();
        try (Hub hub = Hub.open(work.resolve("hub"), "bench:" + System.getProperty("user.name"));
             EnrollmentServer endpoint = serve(hub);
             AgentProcess idle = AgentProcess.enroll(hub, url(endpoint), options.agentLauncher(), "idle-1", work.resolve("idle-1"),
                     commands, env);
             AgentProcess web1 = AgentProcess.enroll(hub, url(endpoint), options.agentLauncher(), Context.WEB1,
                     work.resolve(Context.WEB1), commands, env)) {
            Context ctx = new Context(hub, url(endpoint), options.hubLauncher(), options.agentLauncher(), options.ssh(), scale,
                    commands, table, work, web1);
            FootprintWorkload footprint = options.runs(5) ? FootprintWorkload.coldStarts(ctx, idle) : null;
            web1.start();
            awaitPing(hub, Context.WEB1);
            if (options.runs(1) || options.runs(6)) {
                McpWorkload.run(ctx);
            }
            if (options.runs(2)) {
                OneShotWorkload.run(ctx);
            }
            if (options.runs(3)) {
                TransferWorkload.run(ctx);
            }
            if (options.runs(4) || options.runs(7)) {
                FleetWorkload.run(ctx);
            }
            if (footprint != null) {
                footprint.memory(ctx);
            }
            if (options.runs(8)) {
                RegistryWorkload.run(ctx);
            }
            if (options.runs(9)) {
                TableFramesWorkload.run(ctx, options.desktopLib());
            }
        }
        return table;
    }

    private static String report(HarnessOptions options, String loadAtStart, ComparisonTable table, Duration took) {
        return "# meshcp against ssh: benchmark results\n\n"
                + "Command: `" + options.command() + "`" + (options.smoke() ? " (smoke run: one round, few calls; numbers are not results)" : "")
                + "\n\nRun " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", took " + took.toSeconds() + " s. "
                + MachineDescription.describe(loadAtStart) + "\n\n"
                + "Medians and p99 of whole processes unless a row says otherwise; ratio = meshcp / anchor, from the same run, "
                + "each workload and its anchor interleaved (A B A B). Ratios are what to compare: absolute times move with the load.\n\n"
                + table.markdown();
    }

    /** Pings until the agent answers (its port opens before its TLS is ready; a loaded machine misses the 5 s deadline). */
    private static void awaitPing(Hub hub, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                hub.machines().ping(name);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static EnrollmentServer serve(Hub hub) {
        EndpointStart start = hub.enrollmentEndpoint().start(new java.net.InetSocketAddress("127.0.0.1", 0));
        if (start instanceof EndpointStart.Serving serving) {
            return serving.server();
        }
        throw new IllegalStateException("the enrollment endpoint did not start: " + start);
    }

    private static String url(EnrollmentServer endpoint) {
        return "https://127.0.0.1:" + endpoint.port();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
