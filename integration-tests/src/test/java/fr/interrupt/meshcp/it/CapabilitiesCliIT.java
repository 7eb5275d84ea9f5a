package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's command line for the agent capabilities (exec, ls, cat, get, put, status), run as a user
 * runs it, against real agents on loopback. One fleet for the class: agents a and b, and "down",
 * which only the fan-out test stops.
 */
class CapabilitiesCliIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path tmp;
    private static TestFleet fleet;
    private static TestFleet.Agent down;
    private static TestFleet.Agent agentA;

    @BeforeAll
    static void startFleet() {
        fleet = TestFleet.start(tmp.resolve("fleet"));
        agentA = fleet.addAgent("a");
        fleet.addAgent("b");
        down = fleet.addAgent("down");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void execStreamsStdoutAndStderrAndExitsWithTheRemoteCode() {
        Launchers.Result r = fleet.hub("exec", "a", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void execQuotesEachArgumentForTheRemoteShell() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("my dir"));
        Files.writeString(dir.resolve("inside.txt"), "x");
        Launchers.Result ls = fleet.hub("exec", "a", "--", "ls", "-la", dir.toString()).assertOk();
        assertThat(ls.stdout()).contains("inside.txt");
        Launchers.Result printf = fleet.hub("exec", "a", "--", "printf", "[%s]\\n", "two words", "it's", "$HOME", "a;b").assertOk();
        assertThat(printf.stdout()).isEqualTo("[two words]\n[it's]\n[$HOME]\n[a;b]\n");
    }

    @Test
    void aSingleCommandWordIsRunAsAShellLine() {
        Launchers.Result r = fleet.hub("exec", "a", "--", "echo one; echo two | tr a-z A-Z").assertOk();
        assertThat(r.stdout()).isEqualTo("one\nTWO\n");
    }

    @Test
    void execTimeoutExits124AndLeavesNoProcessBehind() {
        String marker = marker();
        long start = System.nanoTime();
        Launchers.Result r = fleet.hub("exec", "a", "--timeout", "2", "--", "sh", "-c", "sleep " + marker + " & sleep " + marker);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(124);
        assertThat(r.stderr()).contains("exec: a: killed after timeout").doesNotContain("Exception");
        assertThat(seconds).isLessThan(15);
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(marker));
    }

    @Test
    void outputStreamsAsItComesAndCtrlCKillsTheRemoteCommand() throws Exception {
        String marker = marker();
        Process cli = fleet.startHub("exec", "a", "--", "sh", "-c", "echo started; sleep " + marker + " & sleep " + marker);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertThat(first).isEqualTo("started");
            assertThat(cli.isAlive()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> running(marker));

            new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();

            assertThat(cli.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).isEqualTo(130);
            assertThat(new String(cli.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("exec: a: cancelled");
            await().atMost(Duration.ofSeconds(10)).until(() -> !running(marker));
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void fanOutPrefixesEachMachinesLinesAndReportsTheUnreachableOne() {
        down.stop();
        Launchers.Result r = fleet.hub("exec", "a,b,down", "--", "sh", "-c", "echo one; echo two");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout().lines()).containsExactlyInAnyOrder("a    | one", "a    | two", "b    | one", "b    | two");
        assertThat(r.stdout().lines().filter(l -> l.startsWith("a ")).toList()).containsExactly("a    | one", "a    | two");
        assertThat(r.stderr()).contains("MACHINE  EXIT  DURATION  NOTE")
                .containsPattern("(?m)^a +0 +\\d")
                .containsPattern("(?m)^b +0 +\\d")
                .containsPattern("(?m)^down +- +- +machine \"down\" \\(127\\.0\\.0\\.1:\\d+\\) is unreachable")
                .contains("2 of 3 machines succeeded")
                .doesNotContain("Exception");
    }

    @Test
    void fanOutSucceedsOnlyWhenEveryMachineDoes() {
        Launchers.Result ok = fleet.hub("exec", "-m", "a", "-m", "b", "--parallel", "1", "--", "echo", "hi");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout().lines()).containsExactlyInAnyOrder("a | hi", "b | hi");
        assertThat(ok.stderr()).contains("2 of 2 machines succeeded");

        Launchers.Result oneFails = fleet.hub("exec", "a,b", "--", "sh", "-c", "exit 7");
        assertThat(oneFails.exitCode()).isEqualTo(1);
        assertThat(oneFails.stderr()).containsPattern("(?m)^a +7 ").containsPattern("(?m)^b +7 ").contains("0 of 2 machines succeeded");
    }

    /** A heap smaller than the file: a command that held the file in memory would fail. */
    private static final java.util.Map<String, String> SMALL_HEAP = java.util.Map.of("MESHCP_JAVA_OPTS", "-Xmx16m");

    @Test
    void aTwentyMebibyteFileRoundTripsByteForByteThroughASmallerHeap() throws Exception {
        Path local = tmp.resolve("random.bin");
        writeRandom(local, 20 * MIB);
        Path remoteDir = Files.createDirectories(tmp.resolve("remote-a"));
        Path remote = remoteDir.resolve("random.bin");

        fleet.hubWithEnv(SMALL_HEAP, "put", "a", local.toString(), remote.toString(), "--mode", "0600").assertOk();
        assertThat(sha256(remote)).isEqualTo(sha256(local));
        assertThat(Files.getPosixFilePermissions(remote)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Launchers.Result ls = fleet.hub("ls", "a", remoteDir.toString()).assertOk();
        assertThat(ls.stdout()).containsPattern("(?m)^-rw------- +20971520  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  random\\.bin$");

        Path catOut = tmp.resolve("cat.bin");
        Launchers.Result cat = fleet.hubToFile(SMALL_HEAP, catOut, "cat", "a", remote.toString());
        assertThat(cat.exitCode()).as(cat.stderr()).isZero();
        assertThat(sha256(catOut)).isEqualTo(sha256(local));

        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        fleet.hubWithEnv(SMALL_HEAP, "get", "a", remote.toString(), downloads.toString()).assertOk();
        assertThat(sha256(downloads.resolve("random.bin"))).isEqualTo(sha256(local));
        try (var files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("random.bin");
        }
    }

    @Test
    void putIntoADirectoryKeepsTheNameAndParentsAreCreatedOnRequest() throws IOException {
        Path local = tmp.resolve("note.txt");
        Files.writeString(local, "hello\n");
        Path remoteDir = Files.createDirectories(tmp.resolve("remote-put"));

        fleet.hub("put", "a", local.toString(), remoteDir.toString()).assertOk();
        assertThat(Files.readString(remoteDir.resolve("note.txt"))).isEqualTo("hello\n");

        Path nested = remoteDir.resolve("x/y/z.txt");
        Launchers.Result refused = fleet.hub("put", "a", local.toString(), nested.toString());
        assertThat(refused.exitCode()).as("not found: the parent directory").isEqualTo(3);
        assertThat(refused.stderr()).startsWith("error: a: ").doesNotContain("Exception");
        fleet.hub("put", "a", local.toString(), nested.toString(), "--parents").assertOk();
        assertThat(Files.readString(nested)).isEqualTo("hello\n");
    }

    @Test
    void putOverAHardLinkedFileWritesInPlaceAndSaysSo() throws IOException {
        Path local = tmp.resolve("linked-new.conf");
        Files.writeString(local, "v=2\n");
        Path remoteDir = Files.createDirectories(tmp.resolve("remote-linked"));
        Path remote = Files.writeString(remoteDir.resolve("app.conf"), "v=1\n");
        Path otherName = Files.createLink(remoteDir.resolve("app-link.conf"), remote);

        Launchers.Result put = fleet.hub("put", "a", local.toString(), remote.toString()).assertOk();

        assertThat(Files.readString(otherName)).isEqualTo("v=2\n");
        assertThat(put.stderr()).contains("a:" + remote + ": written in place (2 links)");
    }

    @Test
    void lsShowsSymlinkTargetsAndAFileAsOneLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("remote-ls"));
        Files.writeString(dir.resolve("target.txt"), "12345");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target.txt"));
        Files.createDirectory(dir.resolve("sub"));

        List<String> lines = fleet.hub("ls", "a", dir.toString()).assertOk().stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("l").endsWith("link -> " + dir.resolve("target.txt"));
        assertThat(lines.get(1)).startsWith("d").endsWith("  sub");
        assertThat(lines.get(2)).startsWith("-").contains(" 5  ").endsWith("  target.txt");

        assertThat(fleet.hub("ls", "a", dir.resolve("target.txt").toString()).assertOk().stdout().lines())
                .singleElement().asString().endsWith("  target.txt");
    }

    @Test
    void lsFollowsPaginationThroughALargeDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("remote-many"));
        int count = 2_345;
        for (int i = 0; i < count; i++) {
            Files.createFile(dir.resolve(String.format("f%05d", i)));
        }
        List<String> lines = fleet.hub("ls", "a", dir.toString()).assertOk().stdout().lines().toList();
        assertThat(lines).hasSize(count);
        assertThat(lines.get(0)).endsWith("  f00000");
        assertThat(lines.get(count - 1)).endsWith(String.format("  f%05d", count - 1));
        assertThat(lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct().count()).isEqualTo(count);
    }

    @Test
    void statusShowsTheSystemAndTheCapabilities() {
        String out = fleet.hub("status", "a").assertOk().stdout();
        assertThat(out).contains("Machine:      a").contains("OS:").contains("Kernel:").contains("Uptime:").contains("CPU:")
                .contains("Memory:").contains("Disks:").contains("Agent:")
                .contains("Capabilities:")
                .containsPattern("(?m)^  shell +enabled: timeout up to \\d+ s.*any command")
                .containsPattern("(?m)^  files +enabled: files up to .*any path except the agent's own files")
                .containsPattern("(?m)^  docker +disabled");
    }

    @Test
    void everyExecAndWriteIsInTheAuditLog() throws IOException {
        String marker = "audit-" + ThreadLocalRandom.current().nextInt(1_000_000);
        fleet.hub("exec", "a", "--", "sh", "-c", "echo " + marker + "; exit 5");
        Path local = tmp.resolve(marker + ".txt");
        Files.writeString(local, "12345678");
        Path remote = Files.createDirectories(tmp.resolve("remote-audit")).resolve(marker + ".txt");
        fleet.hub("put", "a", local.toString(), remote.toString()).assertOk();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = Files.readAllLines(fleet.dataDir().resolve("audit.log")).stream().map(l -> read(json, l)).toList();
        JsonNode exec = lines.stream().filter(l -> l.path("action").asText().equals("exec")
                && l.path("command").asText().contains(marker)).findFirst().orElseThrow();
        assertThat(exec.path("machine").asText()).isEqualTo("a");
        assertThat(exec.path("command").asText()).isEqualTo("sh -c 'echo " + marker + "; exit 5'");
        assertThat(exec.path("exit_code").asInt()).isEqualTo(5);
        assertThat(exec.path("caller").asText()).startsWith("cli:");
        assertThat(exec.path("time").asText()).isNotEmpty();
        JsonNode write = lines.stream().filter(l -> l.path("action").asText().equals("write_file")
                && l.path("path").asText().equals(remote.toString())).findFirst().orElseThrow();
        assertThat(write.path("machine").asText()).isEqualTo("a");
        assertThat(write.path("bytes").asLong()).isEqualTo(8);
        assertThat(write.path("caller").asText()).startsWith("cli:");
    }

    @Test
    void errorsAreOneSentence() {
        Launchers.Result unknown = fleet.hub("exec", "nope", "--", "true");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("error: unknown machine \"nope\" (enrolled: a, b, down)\n");

        Launchers.Result missing = fleet.hub("cat", "a", tmp.resolve("no-such-file").toString());
        assertThat(missing.exitCode()).as("not found").isEqualTo(3);
        assertThat(missing.stderr()).startsWith("error: a: ").contains("no-such-file").doesNotContain("Exception");
        assertThat(missing.stderr().lines()).hasSize(1);
    }

    @Test
    void theAgentNeverServesItsOwnKeyOrConfigThroughFiles() throws IOException {
        TestFleet.Agent a = agentA;
        Path key = a.dir().resolve("creds").resolve("agent.key");
        Launchers.Result cat = fleet.hub("cat", "a", key.toString());
        assertThat(cat.exitCode()).as(cat.stderr()).isEqualTo(4);
        assertThat(cat.stdout()).isEmpty();
        assertThat(cat.stderr()).isEqualTo("error: a: refusing to read " + key + ": it is one of the agent's own files (its "
                + "configuration, credentials or program), which the files capability never serves\n");

        String before = Files.readString(a.config());
        Path local = tmp.resolve("widened.yaml");
        Files.writeString(local, "machine_name: a\n");
        Launchers.Result put = fleet.hub("put", "a", local.toString(), a.config().toString());
        assertThat(put.exitCode()).as(put.stderr()).isEqualTo(4);
        assertThat(put.stderr()).contains("refusing to write " + a.config() + ": it is one of the agent's own files");
        assertThat(Files.readString(a.config())).isEqualTo(before);
    }

    static String marker() {
        return "100." + (100_000 + ThreadLocalRandom.current().nextInt(900_000));
    }

    /** Whether a process with "sleep MARKER" in its command line exists on this machine (where the agents run). */
    static boolean running(String marker) {
        try {
            return new ProcessBuilder("pgrep", "-f", "sleep " + marker).start().waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    static void writeRandom(Path file, int size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
