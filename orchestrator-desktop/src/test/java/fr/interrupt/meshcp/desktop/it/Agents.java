package fr.interrupt.meshcp.desktop.it;

import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.Ports;
import fr.interrupt.meshcp.testsupport.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        return Launchers.agentLauncher();
    }

    /**
     * Runs {@code enrollCommand} exactly as the app shows it ("echo T | meshcp-agent enroll --orchestrator URL --token -"),
     * through sh with the built launcher first on PATH and this test's config dir and a loopback port added, then
     * starts the agent. Returns its config file.
     */
    public Path enrollAndStart(String name, String enrollCommand) {
        Path dir = root.resolve("agent-" + name);
        Path config = dir.resolve("agent.yaml");
        if (!enrollCommand.contains("| meshcp-agent enroll ")) {
            throw new AssertionError("not an agent command: " + enrollCommand);
        }
        String line = enrollCommand.strip() + " --config '" + config + "' --creds-dir '" + dir.resolve("creds")
                + "' --listen 127.0.0.1:" + Ports.freePort();
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", line);
        shell.environment().put("PATH", launcher().getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
        run(shell, dir.resolve("enroll.log"));
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
    public void stopLast() {
        Process p = processes.get(processes.size() - 1);
        Processes.stop(p, 15);
    }

    private static void run(ProcessBuilder command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command.command());
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("exit " + p.exitValue() + ": " + String.join(" ", command.command()) + "\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        Processes.stopAll(processes);
    }
}
