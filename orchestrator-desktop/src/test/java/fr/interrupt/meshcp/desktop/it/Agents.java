package fr.interrupt.meshcp.desktop.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real agents run from the built launcher (agent/target/dist, set by failsafe as meshcp.agent.dist),
 * each with its own config dir and loopback port, as a person would run them on a new machine.
 */
public final class Agents implements AutoCloseable {
    private final Path root;
    private final List<Process> processes = new ArrayList<>();

    public Agents(Path root) {
        this.root = root;
    }

    public static Path launcher() {
        String dist = System.getProperty("meshcp.agent.dist");
        if (dist == null || dist.isBlank()) {
            throw new IllegalStateException("meshcp.agent.dist is not set: run through Maven (./mvnw verify)");
        }
        Path path = Path.of(dist, "bin", "meshcp-agent");
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: build the agent module first");
        }
        return path;
    }

    /**
     * Runs {@code enrollCommand} exactly as the app shows it ("meshcp-agent enroll --orchestrator URL --token T"),
     * with this test's config dir and a loopback port added, then starts the agent. Returns its config file.
     */
    public Path enrollAndStart(String name, String enrollCommand) {
        Path dir = root.resolve("agent-" + name);
        Path config = dir.resolve("agent.yaml");
        List<String> command = new ArrayList<>(List.of(enrollCommand.strip().split("\\s+")));
        if (!command.get(0).equals("meshcp-agent")) {
            throw new AssertionError("not an agent command: " + enrollCommand);
        }
        command.set(0, launcher().toString());
        command.addAll(List.of("--config", config.toString(), "--creds-dir", dir.resolve("creds").toString(),
                "--listen", "127.0.0.1:" + freePort()));
        run(command, dir.resolve("enroll.log"));
        start(config, dir);
        return config;
    }

    /** Starts an enrolled agent (meshcp-agent start --config FILE). */
    public Process start(Path config, Path dir) {
        try {
            Process p = new ProcessBuilder(launcher().toString(), "start", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
            p.getOutputStream().close();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the agent started last (SIGTERM), as if its machine went away. */
    public void stopLast() throws InterruptedException {
        Process p = processes.get(processes.size() - 1);
        p.destroy();
        p.waitFor(15, TimeUnit.SECONDS);
    }

    private static void run(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
