package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec with stdin through the built CLI against real agents: stdin that is not a terminal is streamed to the command,
 * end of file closes it, binary data arrives intact, and allowed_commands still decides what runs.
 */
class ExecStdinIT {
    @TempDir
    static Path tmp;
    private static TestFleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = TestFleet.start(tmp.resolve("fleet"));
        fleet.addAgent("web");
        fleet.addAgent("locked", """
                capabilities:
                  shell:
                    enabled: true
                    allowed_commands: [wc]
                  files:
                    enabled: true
                  system:
                    enabled: true
                """);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void pipedTextReachesTheCommand() throws IOException {
        Launchers.Result r = execWithStdin(write("hello.txt", "hello".getBytes(StandardCharsets.UTF_8)), "web", "--", "cat");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("hello");
        assertThat(Files.readString(fleet.dataDir().resolve("audit.log"))).containsPattern("\"command\":\"cat\",\"stdin\":true");
    }

    @Test
    void endOfFileClosesTheCommandsStdin() throws IOException {
        Launchers.Result r = execWithStdin(write("count.bin", new byte[100_000]), "web", "--", "wc", "-c");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("100000");
    }

    @Test
    void thirtyTwoMebibytesArriveIntact() throws IOException, NoSuchAlgorithmException {
        byte[] data = new byte[32 * 1024 * 1024];
        new Random(42).nextBytes(data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Path input = write("big.bin", data);
        long started = System.nanoTime();
        execWithStdin(write("empty.bin", new byte[0]), "web", "--", "sha256sum").assertOk();
        long baseline = System.nanoTime();
        Launchers.Result r = execWithStdin(input, "web", "--", "sha256sum");
        long ended = System.nanoTime();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith(expected);
        System.err.printf("ExecStdinIT: sha256sum of nothing %d ms, of 32 MiB through exec stdin %d ms (CLI start included)%n",
                TimeUnit.NANOSECONDS.toMillis(baseline - started), TimeUnit.NANOSECONDS.toMillis(ended - baseline));
    }

    @Test
    void aCommandThatReadsSlowlyHoldsTheWriterBack() throws IOException {
        // head reads 1 MiB then exits: the rest (31 MiB) must not be buffered anywhere, and exec ends with head.
        byte[] data = new byte[32 * 1024 * 1024];
        Launchers.Result r = execWithStdin(write("zeros.bin", data), "web", "--", "head -c 1048576 | wc -c");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("1048576");
    }

    @Test
    void allowedCommandsStillDecide() throws IOException {
        Path input = write("policy.txt", "a b c\n".getBytes(StandardCharsets.UTF_8));
        Launchers.Result allowed = execWithStdin(input, "locked", "--", "wc", "-w");
        assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
        assertThat(allowed.stdout().trim()).isEqualTo("3");

        Launchers.Result refused = execWithStdin(input, "locked", "--", "cat");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("command cat is not in allowed_commands (allowed: wc)");
        assertThat(refused.stdout()).isEmpty();
    }

    @Test
    void severalMachinesNeverReadStdin() throws IOException {
        Launchers.Result r = execWithStdin(write("fan.txt", "ignored".getBytes(StandardCharsets.UTF_8)), "web,locked", "--", "wc", "-c");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().map(line -> line.replaceAll("\\s+", " "))).containsExactlyInAnyOrder("web | 0", "locked | 0");
    }

    private static Path write(String name, byte[] data) throws IOException {
        return Files.write(tmp.resolve(name), data);
    }

    /** `orchestrator-headless exec ARGS` with stdin read from a file (not a terminal), stdout captured as text. */
    private static Launchers.Result execWithStdin(Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(Launchers.hubLauncher().toString(), "--data-dir", fleet.dataDir().toString(), "exec"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(stdin.toFile());
        builder.environment().put("MESHCP_JAVA_OPTS", TestFleet.QUICK_JVM);
        try {
            Process process = builder.start();
            var out = Launchers.drain(process.getInputStream());
            var err = Launchers.drain(process.getErrorStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Launchers.Result(process.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
