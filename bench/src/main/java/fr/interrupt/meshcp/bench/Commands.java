package fr.interrupt.meshcp.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a whole process and times it, launch to exit, as a user at a shell prompt would feel it. */
final class Commands {
    private final Path errors;
    private final Map<String, String> env;

    /**
     * @param errors where each command's stderr goes (overwritten per command, quoted when one fails)
     * @param env    added to the inherited environment of every command
     */
    Commands(Path errors, Map<String, String> env) {
        this.errors = errors;
        this.env = env;
    }

    /** What every command gets on top of the inherited environment. */
    Map<String, String> env() {
        return env;
    }

    /** Runs command with stdin and stdout on /dev/null; see {@link #time(List, File, File, long)}. */
    long time(List<String> command) {
        return time(command, null, null, 300);
    }

    /**
     * Runs command to its end and returns its wall time in nanoseconds.
     *
     * @param stdin  a file to read, or null for /dev/null
     * @param stdout a file to write, or null to discard
     * @throws IllegalStateException when it exits non-zero or runs past {@code timeoutSeconds} (then it is killed)
     */
    long time(List<String> command, File stdin, File stdout, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(stdin))
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout))
                .redirectError(errors.toFile());
        builder.environment().putAll(env);
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("gave up after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            long nanos = System.nanoTime() - start;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + " from " + String.join(" ", command) + ":\n"
                        + Files.readString(errors));
            }
            return nanos;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether {@code program} is an executable file on PATH. */
    static boolean installed(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
