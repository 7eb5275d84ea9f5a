package fr.interrupt.meshcp.desktop.enroll;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An agent on this computer, run from the `meshcp-agent` launcher with its config and credentials
 * in one directory ({@code agent.yaml}, {@code creds/}, {@code agent.log}). It listens on loopback
 * only. The agent keeps running when the app quits (so the machine stays online); {@link #stop()}
 * ends the one this app started.
 */
public final class LocalAgent {
    private static final long ENROLL_TIMEOUT_SECONDS = 90;

    private final Path dir;
    private final Supplier<Optional<Path>> launcher;
    private final Supplier<String> whereLooked;
    private volatile Process process;

    public LocalAgent(Path dir, Supplier<Optional<Path>> launcher, Supplier<String> whereLooked) {
        this.dir = dir;
        this.launcher = launcher;
        this.whereLooked = whereLooked;
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve("agent.yaml");
    }

    public boolean enrolled() {
        return Files.isRegularFile(config());
    }

    /** The machine name proposed for this computer: its host name made into a valid machine name. */
    public static String suggestedName(String hostname) {
        String base = hostname == null ? "" : hostname.toLowerCase(Locale.ROOT);
        int dot = base.indexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String cleaned = base.replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(0, 63).replaceAll("-+$", "");
        }
        return cleaned.isEmpty() ? "this-computer" : cleaned;
    }

    public static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env;
        }
    }

    /** Runs `meshcp-agent enroll` (blocking). Replaces a previous local enrollment. */
    public void enroll(String orchestratorUrl, String token) {
        Path exe = requireLauncher();
        stop();
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(config());
            deleteTree(dir.resolve("creds"));
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        // the token goes through the environment: a command line is visible to every user of this computer
        List<String> command = List.of(exe.toString(), "enroll", "--orchestrator", orchestratorUrl,
                "--config", config().toString(), "--creds-dir", dir.resolve("creds").toString(),
                "--listen", "127.0.0.1:" + freePort());
        Path log = dir.resolve("enroll.log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MESHCP_ENROLL_TOKEN", token);
            Process p = builder.start();
            p.getOutputStream().close();
            if (!p.waitFor(ENROLL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "meshcp-agent enroll did not finish in "
                        + ENROLL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new MeshcpException(MeshcpException.Kind.REFUSED, "the agent could not enroll: " + lastLine(log));
            }
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot run " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
        }
    }

    /** Starts `meshcp-agent start --config DIR/agent.yaml` in the background; its output goes to agent.log. */
    public Process start() {
        Path exe = requireLauncher();
        if (!enrolled()) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "this computer's agent is not enrolled yet");
        }
        Process running = process;
        if (running != null && running.isAlive()) {
            return running;
        }
        try {
            Path log = dir.resolve("agent.log");
            Process p = new ProcessBuilder(exe.toString(), "start", "--config", config().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            p.getOutputStream().close();
            process = p;
            return p;
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot run " + exe + ": " + e.getMessage(), e);
        }
    }

    /** The end of agent.log, to explain why the agent stopped. */
    public String logTail() {
        return lastLine(dir.resolve("agent.log"));
    }

    /** Stops the agent this app started, if any (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Path requireLauncher() {
        return launcher.get().orElseThrow(() -> new MeshcpException(MeshcpException.Kind.NOT_FOUND,
                "the meshcp-agent launcher cannot be found (looked in " + whereLooked.get() + "); install meshcp-agent, "
                        + "or point MESHCP_AGENT at it"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastLine(Path log) {
        try {
            if (!Files.exists(log)) {
                return "no output";
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
            lines.removeIf(String::isBlank);
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "see " + log;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
