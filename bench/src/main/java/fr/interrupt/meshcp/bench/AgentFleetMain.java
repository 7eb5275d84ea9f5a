package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.ConfigLoader;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import fr.interrupt.meshcp.agent.enroll.Enrollment;
import fr.interrupt.meshcp.agent.enroll.EnrollmentClient;
import fr.interrupt.meshcp.agent.enroll.EnrollmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bench-only agent launcher: N agents in one JVM, each with its own loopback port, key and certificate. Each is
 * enrolled through the real enrollment flow (key, CSR, HTTPS to the hub's endpoint, checks, creds written), all at
 * once, then served by its own {@link AgentRuntime}. Protocol on stdout, one line each: {@code batch} when the timed
 * enrollments start, {@code enrolled N NANOS RETRIED CPU} (RETRIED: enrollments tried a second time after the first
 * failed, such as a connect timeout; CPU: nanoseconds of CPU this JVM spent on the batch: keys, CSRs, TLS to the hub,
 * files), then {@code ready N}; the agents stop when stdin closes.
 *
 * <p>Usage: {@code AgentFleetMain ORCHESTRATOR-URL TOKENS-FILE DIR}; TOKENS-FILE has one {@code NAME PORT TOKEN} line
 * per agent (0600: the tokens are secrets until used). The first line's agent is enrolled alone beforehand and never
 * started: it loads the classes enrollment needs, so the timed batch measures enrollments, not this JVM's start.
 */
public final class AgentFleetMain {
    private AgentFleetMain() {
    }

    /** See the class comment for the arguments and the stdout protocol; a failure prints {@code failed REASON}, exit 1. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            run(args);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.out.println("failed " + cause.getMessage());
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String orchestrator = args[0];
        List<String[]> agents = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                agents.add(line.trim().split(" "));
            }
        }
        Path dir = Path.of(args[2]);
        HostFacts host = HostFacts.detect();
        Enrollment enrollment = new Enrollment(EnrollmentClient.withDefaultTimeouts(), host);

        String[] warmup = agents.remove(0);
        enrollment.enroll(new Enrollment.Request(orchestrator, warmup[2], warmup[0], config(dir, warmup[0]), creds(dir, warmup[0]),
                new ListenAddress("127.0.0.1", Integer.parseInt(warmup[1])), false, false));

        ExecutorService pool = Executors.newFixedThreadPool(agents.size());
        List<Future<?>> enrolled = new ArrayList<>();
        System.out.println("batch");
        System.out.flush();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        AtomicInteger retried = new AtomicInteger();
        for (String[] agent : agents) {
            Enrollment.Request request = new Enrollment.Request(orchestrator, agent[2], agent[0], config(dir, agent[0]),
                    creds(dir, agent[0]), new ListenAddress("127.0.0.1", Integer.parseInt(agent[1])), false, false);
            enrolled.add(pool.submit(() -> {
                try {
                    return enrollment.enroll(request);
                } catch (EnrollmentException unreachable) {
                    // once, as a person would: a loaded hub can miss the agent's 5 s connect timeout (the token is unspent)
                    retried.incrementAndGet();
                    return enrollment.enroll(request);
                }
            }));
        }
        for (Future<?> f : enrolled) {
            f.get();
        }
        long took = System.nanoTime() - start;
        System.out.println("enrolled " + agents.size() + " " + took + " " + retried.get() + " " + (processCpuNanos() - cpu));
        pool.shutdown();

        List<AgentRuntime> runtimes = new ArrayList<>();
        try {
            for (String[] agent : agents) {
                Path config = config(dir, agent[0]);
                AgentConfig loaded = new ConfigLoader().load(config);
                AgentCredentials credentials = AgentCredentials.load(new CredentialFiles(loaded.credsDir()), loaded.machineName());
                runtimes.add(AgentRuntime.start(loaded, config, credentials, host, Clock.systemUTC()));
            }
            System.out.println("ready " + runtimes.size());
            System.out.flush();
            waitForStdinToClose();
        } finally {
            runtimes.forEach(AgentRuntime::close);
        }
    }

    /** CPU time of this whole JVM so far (every thread, user and system), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Path config(Path dir, String name) {
        return dir.resolve(name).resolve("agent.yaml");
    }

    private static Path creds(Path dir, String name) {
        return dir.resolve(name).resolve("creds");
    }

    private static void waitForStdinToClose() throws IOException {
        byte[] buffer = new byte[256];
        while (System.in.read(buffer) >= 0) {
            // the harness only closes stdin
        }
    }

    static String tokensLine(String name, int port, String token) {
        return name + " " + port + " " + token + "\n";
    }
}
