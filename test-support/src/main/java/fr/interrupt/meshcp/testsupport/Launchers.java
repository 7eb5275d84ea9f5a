package fr.interrupt.meshcp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built launchers (each module's {@code target/dist/bin}) as real processes, as a user would. Maven's failsafe
 * plugin points the system properties meshcp.hub.dist and meshcp.agent.dist at the dist folders.
 */
public final class Launchers {
    private Launchers() {
    }

    /** The result of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    public static Path hubLauncher() {
        return launcher("meshcp.hub.dist", "orchestrator-headless");
    }

    public static Path agentLauncher() {
        return launcher("meshcp.agent.dist", "meshcp-agent");
    }

    /** The launcher {@code bin/name} of the dist folder named by the system property. */
    public static Path launcher(String property, String name) {
        String dist = System.getProperty(property);
        if (dist == null || dist.isBlank()) {
            throw new IllegalStateException(property + " is not set: run the integration tests through Maven (./mvnw verify)");
        }
        Path path = Path.of(dist, "bin", name);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: build with ./mvnw package first");
        }
        return path;
    }

    /** Runs a command to its end (at most {@code timeoutSeconds}) and captures its output. */
    public static Result run(long timeoutSeconds, Map<String, String> env, Path launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            var out = drain(process.getInputStream());
            var err = drain(process.getErrorStream());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Like {@link #run}, with stdout written byte for byte to {@code stdoutFile} (the result's stdout is empty). */
    public static Result runToFile(long timeoutSeconds, Map<String, String> env, Path stdoutFile, Path launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdoutFile.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            var err = drain(process.getErrorStream());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), "", err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts a command and returns at once: for tests that signal it or read its output as it comes. */
    public static Process start(Map<String, String> env, Path launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a stream to its end on a background thread. */
    public static java.util.function.Supplier<String> drain(InputStream in) {
        StringBuilder text = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process went away; keep what was read
            }
        }, "drain");
        reader.setDaemon(true);
        reader.start();
        return () -> {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text.toString();
        };
    }

    /** A loopback port nothing listens on: see {@link Ports#freePort()}. */
    public static int freePort() {
        return Ports.freePort();
    }
}
