package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The parent side of {@link AgentFleetMain}: creates one token per agent at the hub, starts the child JVM, reads how
 * long the enrollments took, and stops it (stdin closed, then SIGTERM, then SIGKILL) on {@link #close()}.
 */
final class AgentFleet implements AutoCloseable {
    private final Process process;
    private final List<String> names;
    private final long enrollNanos;
    private final int retried;
    private final long agentsCpuNanos;
    private final long hubCpuNanos;

    private AgentFleet(Process process, List<String> names, long enrollNanos, int retried, long agentsCpuNanos, long hubCpuNanos) {
        this.process = process;
        this.names = names;
        this.enrollNanos = enrollNanos;
        this.retried = retried;
        this.agentsCpuNanos = agentsCpuNanos;
        this.hubCpuNanos = hubCpuNanos;
    }

    /**
     * Starts {@code count} agents named {@code prefix-1...} in one child JVM, enrolled through {@code enrollmentUrl}.
     *
     * @throws IllegalStateException when the child exits or says nothing within 5 minutes
     */
    static AgentFleet start(Hub hub, String enrollmentUrl, String prefix, int count, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tokens = dir.resolve("tokens");
        Files.createFile(tokens, PosixFilePermissions.asFileAttribute(Set.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        List<String> names = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i <= count; i++) { // number 0 is the child's untimed warm-up enrollment
            String name = prefix + "-" + i;
            if (i > 0) {
                names.add(name);
            }
            String token = hub.tokens().create(name, Duration.ofMinutes(30)).token().encode();
            lines.append(name).append(' ').append(LoopbackPorts.free()).append(' ').append(token).append('\n');
        }
        Files.writeString(tokens, lines);
        List<String> command = new ArrayList<>(JavaCommand.current());
        command.addAll(List.of(AgentFleetMain.class.getName(), enrollmentUrl, tokens.toString(), dir.toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve("fleet.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String enrolled = out.readLine();
            long hubCpu = AgentFleetMain.processCpuNanos();
            if ("batch".equals(enrolled)) {
                enrolled = out.readLine();
                hubCpu = AgentFleetMain.processCpuNanos() - hubCpu;
            }
            String ready = enrolled != null && enrolled.startsWith("enrolled ") ? out.readLine() : null;
            Files.deleteIfExists(tokens);
            if (enrolled == null || ready == null || !ready.startsWith("ready ")) {
                String said = ready != null ? ready : enrolled;
                throw new IllegalStateException("the agent fleet did not start: " + (said == null ? "" : said) + "\n"
                        + Files.readString(dir.resolve("fleet.err")));
            }
            String[] fields = enrolled.split(" ");
            return new AgentFleet(process, names, Long.parseLong(fields[2]), Integer.parseInt(fields[3]), Long.parseLong(fields[4]),
                    hubCpu);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    List<String> names() {
        return names;
    }

    /** Wall time of all the enrollments, started at once, in the child JVM. */
    long enrollNanos() {
        return enrollNanos;
    }

    /** CPU the agents' JVM spent on the timed enrollments (keys, CSRs, TLS to the hub, their files). */
    long agentsCpuNanos() {
        return agentsCpuNanos;
    }

    /** CPU this JVM (the hub's enrollment endpoint) spent while the timed enrollments ran. */
    long hubCpuNanos() {
        return hubCpuNanos;
    }

    /** Enrollments that failed once (a connect timeout on a loaded machine) and were tried again, within the time. */
    int retried() {
        return retried;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
