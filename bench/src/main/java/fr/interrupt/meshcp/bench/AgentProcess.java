package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One agent run by the built {@code meshcp-agent} launcher, as a machine runs it: enrolled once with
 * {@code meshcp-agent enroll} against the hub's endpoint, then started (and stopped) as often as a workload needs.
 */
final class AgentProcess implements AutoCloseable {
    private final String name;
    private final Path launcher;
    private final Path dir;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    private AgentProcess(String name, Path launcher, Path dir, int port, Map<String, String> env) {
        this.name = name;
        this.launcher = launcher;
        this.dir = dir;
        this.port = port;
        this.env = env;
    }

    /**
     * Enrolls {@code name} with a fresh token through {@code enrollmentUrl}, listening on a free loopback port, with
     * files up to 4 GiB and 1 GiB of output (the defaults, 50 and 16 MiB, are below the transfer workload's size).
     */
    static AgentProcess enroll(Hub hub, String enrollmentUrl, Path launcher, String name, Path dir, Commands commands,
            Map<String, String> env) throws IOException {
        String token = hub.tokens().create(name, Duration.ofMinutes(30)).token().encode();
        int port = LoopbackPorts.free();
        Path tokenFile = dir.resolveSibling(name + ".token");
        Files.createDirectories(dir);
        Files.writeString(tokenFile, token);
        try {
            commands.time(List.of(launcher.toString(), "enroll", "--orchestrator", enrollmentUrl, "--token", "-",
                    "--config", dir.resolve("agent.yaml").toString(), "--creds-dir", dir.resolve("creds").toString(),
                    "--listen", "127.0.0.1:" + port), tokenFile.toFile(), null, 120);
        } finally {
            Files.deleteIfExists(tokenFile);
        }
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, Files.readString(config)
                .replace("max_file_size_mb: 50", "max_file_size_mb: 4096")
                .replace("max_timeout_seconds: 300", "max_timeout_seconds: 300\n    max_output_mb: 1024"));
        return new AgentProcess(name, launcher, dir, port, env);
    }

    /**
     * Starts {@code meshcp-agent start} and returns the nanoseconds from launch until its port accepts connections.
     *
     * @throws IllegalStateException when it exits first or takes more than 120 s
     */
    long start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "start", "--config", dir.resolve("agent.yaml").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("agent.err").toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        process = builder.start();
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        while (!LoopbackPorts.accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("agent " + name + " did not open its port:\n" + Files.readString(dir.resolve("agent.err")));
            }
            Thread.onSpinWait();
            Thread.sleep(2);
        }
        return System.nanoTime() - start;
    }

    /** Resident memory of the agent's JVM in MiB (VmRSS), or -1 when it cannot be read. */
    double rssMiB() {
        return process == null ? -1 : ProcMemory.rssMiB(process.pid());
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
