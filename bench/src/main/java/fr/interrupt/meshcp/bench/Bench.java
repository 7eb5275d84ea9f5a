package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts a real agent process on loopback (enrolled through the real endpoint), then measures the
 * hot paths through the hub's service layer, the same calls the CLI, MCP server and desktop make,
 * and prints a table. Usage: meshcp-bench [--agent PATH] [--quick]
 */
public final class Bench {
    private static final String MACHINE = "bench";

    private final Hub hub;
    private final ResultTable table = new ResultTable();
    private final int scale;

    private Bench(Hub hub, int scale) {
        this.hub = hub;
        this.scale = scale;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path agent = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if ("--agent".equals(args[i]) && i + 1 < args.length) {
                agent = Path.of(args[++i]);
            } else if ("--quick".equals(args[i])) {
                quick = true;
            } else {
                System.err.println("usage: meshcp-bench [--agent PATH-TO-meshcp-agent] [--quick]");
                System.exit(2);
            }
        }
        if (agent == null || !Files.isExecutable(agent)) {
            System.err.println("error: the meshcp-agent launcher " + agent + " is missing: build with ./mvnw package -DskipTests");
            System.exit(1);
        }
        Path work = Files.createTempDirectory("meshcp-bench");
        Process agentProcess = null;
        try (Hub hub = Hub.open(work.resolve("hub"), "bench:" + System.getProperty("user.name"));
             EnrollmentServer endpoint = serve(hub)) {
            agentProcess = startAgent(hub, endpoint, agent, work);
            Bench bench = new Bench(hub, quick ? 1 : 4);
            bench.run(work, agentProcess.pid());
            System.out.printf(Locale.ROOT, "%nmeshcp bench on %d cores, Java %s, launch mechanism of the agent: VFORK (Linux default of meshcp-agent)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            bench.table.print(System.out);
        } finally {
            if (agentProcess != null) {
                agentProcess.destroy();
                agentProcess.waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(work);
        }
    }

    private void run(Path work, long agentPid) throws Exception {
        Samples spawn = new Samples(100 * scale);
        for (int i = 0; i < 20; i++) {
            new ProcessBuilder("/bin/true").start().waitFor();
        }
        for (int i = 0; i < 100 * scale; i++) {
            long t = System.nanoTime();
            new ProcessBuilder("/bin/true").start().waitFor();
            spawn.add(System.nanoTime() - t);
        }
        table.latency("local spawn of /bin/true (baseline, this JVM)", spawn);

        Samples ping = timed(200 * scale, 50, () -> hub.machines().ping(MACHINE));
        table.latency("ping (mTLS gRPC round trip)", ping);

        ExecOptions trueCommand = ExecOptions.of("true");
        Samples exec = timed(100 * scale, 20, () -> check(hub.exec().run(MACHINE, trueCommand, ExecListener.IGNORE)));
        table.latency("exec `true` (hub -> agent -> sh -c, result back)", exec);

        concurrentExec(8, 50 * scale);

        Samples status = timed(20 * scale, 5, () -> hub.status().status(MACHINE));
        table.latency("system_status", status);

        long outputBytes = 64L * 1024 * 1024;
        AtomicLong received = new AtomicLong();
        long t = System.nanoTime();
        check(hub.exec().run(MACHINE, ExecOptions.of("head -c " + outputBytes + " /dev/zero"),
                (machine, kind, chunk) -> received.addAndGet(chunk.length)));
        double seconds = (System.nanoTime() - t) / 1e9;
        table.throughput("exec streaming 64 MiB of output", 1, seconds, mibPerSecond(received.get(), seconds));

        long fileBytes = 64L * 1024 * 1024 * scale;
        Path file = work.resolve("data.bin");
        writeRandom(file, fileBytes);
        t = System.nanoTime();
        long read = hub.files().read(MACHINE, file.toString(), 0, 0, OutputStream.nullOutputStream(), n -> { }).bytes();
        seconds = (System.nanoTime() - t) / 1e9;
        table.throughput("read_file " + fileBytes / (1024 * 1024) + " MiB", 1, seconds, mibPerSecond(read, seconds));

        t = System.nanoTime();
        long written = hub.files().upload(MACHINE, file, work.resolve("copy.bin").toString(), null, false, n -> { })
                .getBytesWritten();
        seconds = (System.nanoTime() - t) / 1e9;
        table.throughput("write_file " + fileBytes / (1024 * 1024) + " MiB", 1, seconds, mibPerSecond(written, seconds));

        table.note("agent resident memory after the run", rssMiB(agentPid));
    }

    private void concurrentExec(int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            ExecOptions command = ExecOptions.of("true");
            long t = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                all.add(pool.submit(() -> {
                    for (int n = 0; n < perThread; n++) {
                        check(hub.exec().run(MACHINE, command, ExecListener.IGNORE));
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            int runs = threads * perThread;
            table.throughput("exec `true`, " + threads + " at once", runs, seconds,
                    String.format(Locale.ROOT, "%.0f exec/s", runs / seconds));
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Samples timed(int runs, int warmup, Call call) throws Exception {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        Samples samples = new Samples(runs);
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.run();
            samples.add(System.nanoTime() - t);
        }
        return samples;
    }

    private static void check(ExecOutcome outcome) {
        if (!outcome.succeeded()) {
            throw new IllegalStateException("a benchmark command failed: " + outcome.summary());
        }
    }

    private static String mibPerSecond(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.0f MiB/s", bytes / 1048576.0 / seconds);
    }

    private static String rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB RSS", kib / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: leave the cell empty
        }
        return "n/a";
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(block);
            }
        }
    }

    private static EnrollmentServer serve(Hub hub) {
        EndpointStart start = hub.enrollmentEndpoint().start(new InetSocketAddress("127.0.0.1", 0));
        if (start instanceof EndpointStart.Serving serving) {
            return serving.server();
        }
        throw new IllegalStateException("the enrollment endpoint did not start: " + start);
    }

    private static Process startAgent(Hub hub, EnrollmentServer endpoint, Path agent, Path work) throws Exception {
        IssuedToken token = hub.tokens().create(MACHINE, Duration.ofMinutes(10));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = work.resolve("agent/agent.yaml");
        Process enroll = new ProcessBuilder(agent.toString(), "enroll", "--orchestrator", "https://127.0.0.1:" + endpoint.port(),
                "--token", token.token().encode(), "--config", config.toString(), "--creds-dir",
                work.resolve("agent/creds").toString(), "--listen", "127.0.0.1:" + port).inheritIO().start();
        if (enroll.waitFor() != 0) {
            throw new IllegalStateException("the agent did not enroll");
        }
        // the default limits (50 MiB files, 16 MiB of output) are below the benchmark's sizes
        Files.writeString(config, Files.readString(config)
                .replace("max_file_size_mb: 50", "max_file_size_mb: 4096")
                .replace("max_timeout_seconds: 300", "max_timeout_seconds: 300\n    max_output_mb: 1024"));
        Process process = new ProcessBuilder(agent.toString(), "start", "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(work.resolve("agent.err").toFile())
                .start();
        for (int i = 0; i < 150; i++) {
            try {
                hub.machines().ping(MACHINE);
                return process;
            } catch (RuntimeException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the agent never answered: " + Files.readString(work.resolve("agent.err")));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
