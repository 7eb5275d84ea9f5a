package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} on every command that lists or reports, through the built launcher: each document parses with Jackson,
 * conforms to the schema of the shape MCP returns for the same data (docs/CLI-JSON.md), and carries the facts asked for.
 * One fleet for the class: agent "a" running, "down" enrolled but never started.
 */
class CliJsonIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static TestFleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = TestFleet.start(tmp.resolve("fleet"));
        fleet.addAgent("a");
        fleet.enroll("down");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void machinesListsOnlineAndOfflineMachinesInListMachinesShape() {
        Map<String, Object> doc = json(fleet.hub("machines", "--json").assertOk());
        assertConforms(SharedViews.machineListSchema(), doc);
        assertThat(doc).containsEntry("online", 1).containsEntry("offline", 1).containsEntry("data_dir", fleet.dataDir().toString());
        List<Map<String, Object>> machines = list(doc.get("machines"));
        assertThat(machines).extracting(m -> m.get("name")).containsExactly("a", "down");
        assertThat(machines.get(0)).containsEntry("status", "online");
        assertThat(machines.get(0).get("capabilities")).isNotNull();
        assertThat(((Number) machines.get(0).get("round_trip_ms")).doubleValue()).isPositive();
        assertThat(machines.get(1)).containsEntry("status", "offline").containsEntry("round_trip_ms", null);
        assertThat((String) machines.get(1).get("problem")).contains("connection refused");
    }

    @Test
    void pingReportsRoundTripAndAgent() {
        Map<String, Object> doc = json(fleet.hub("ping", "a", "--json").assertOk());
        assertConforms(SharedViews.pingSchema(), doc);
        assertThat(doc).containsEntry("machine", "a").containsEntry("online", true);
        assertThat(((Number) doc.get("agent_uptime_seconds")).longValue()).isNotNegative();
    }

    @Test
    void anErrorKeepsItsExitCodeAndSentenceOnStderrWithNothingOnStdout() {
        Launchers.Result r = fleet.hub("ping", "nosuch", "--json");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("error: ").contains("nosuch");
        Launchers.Result down = fleet.hub("ping", "down", "--json");
        assertThat(down.exitCode()).isEqualTo(5);
        assertThat(down.stdout()).isEmpty();
    }

    @Test
    void tokenListGivesStateAndRfc3339TimesButNoSecret() {
        String token = fleet.token("later");
        Launchers.Result listed = fleet.hub("token", "list", "--json").assertOk();
        Map<String, Object> doc = json(listed);
        Map<String, Object> later = list(doc.get("tokens")).stream().filter(t -> "later".equals(t.get("machine"))).findFirst().orElseThrow();
        assertThat(later.keySet()).containsExactly("id", "machine", "state", "created_at", "expires_at", "used_at", "revoked_at");
        assertThat(later).containsEntry("state", "pending").containsEntry("used_at", null).containsEntry("revoked_at", null);
        assertThat(token).contains("." + later.get("id") + ".");
        Instant created = Instant.parse((String) later.get("created_at"));
        assertThat(Instant.parse((String) later.get("expires_at"))).isAfter(created);
        assertThat(list(doc.get("tokens"))).anySatisfy(t -> assertThat(t).containsEntry("machine", "a").containsEntry("state", "used"));
        assertThat(listed.stdout()).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void lsGivesEveryEntryInListFilesShape() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("listed"));
        Files.writeString(dir.resolve("b.txt"), "hello");
        Files.createDirectory(dir.resolve("a-dir"));
        Files.createSymbolicLink(dir.resolve("c-link"), Path.of("b.txt"));
        Map<String, Object> doc = json(fleet.hub("ls", "a", dir.toString(), "--json").assertOk());
        assertThat(doc).containsEntry("machine", "a").containsEntry("path", dir.toString());
        List<Map<String, Object>> entries = list(doc.get("entries"));
        entries.forEach(e -> assertConforms(SharedViews.fileInfoSchema(), e));
        assertThat(entries).extracting(e -> e.get("name"), e -> e.get("type"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a-dir", "directory"),
                        org.assertj.core.groups.Tuple.tuple("b.txt", "file"), org.assertj.core.groups.Tuple.tuple("c-link", "symlink"));
        assertThat(entries.get(1)).containsEntry("size", 5);
        assertThat(entries.get(2)).containsEntry("symlink_target", "b.txt");

        Map<String, Object> file = json(fleet.hub("ls", "a", dir.resolve("b.txt").toString(), "--json").assertOk());
        assertThat(list(file.get("entries"))).singleElement().satisfies(e -> assertThat(e).containsEntry("name", "b.txt"));
    }

    @Test
    void statusGivesSystemStatusWithDfDiskUse() {
        Map<String, Object> doc = json(fleet.hub("status", "a", "--json").assertOk());
        assertConforms(SharedViews.systemStatusSchema(), doc);
        assertThat(doc).containsEntry("machine", "a");
        assertThat(list(doc.get("disks"))).isNotEmpty().allSatisfy(d -> {
            long used = ((Number) d.get("used_bytes")).longValue();
            long available = ((Number) d.get("available_bytes")).longValue();
            long expected = used + available == 0 ? 0 : (used * 100 + used + available - 1) / (used + available);
            assertThat(((Number) d.get("used_percent")).doubleValue()).isEqualTo((double) expected);
        });
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void statusAgreesWithDfOnTheSameMount() throws Exception {
        // the agent runs on this machine: its "/" is df's "/"
        Process df = new ProcessBuilder("df", "-B1", "--output=size,used,avail,pcent", "/").redirectErrorStream(true).start();
        String out = new String(df.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(df.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String[] fields = out.strip().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
        Map<String, Object> doc = json(fleet.hub("status", "a", "--json").assertOk());
        Map<String, Object> root = list(doc.get("disks")).stream().filter(d -> "/".equals(d.get("mount"))).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(root != null, "/ is a reported file system here");
        long drift = 512L * 1024 * 1024; // other processes write between the two readings
        assertThat(((Number) root.get("total_bytes")).longValue()).isEqualTo(Long.parseLong(fields[0]));
        assertThat(((Number) root.get("used_bytes")).longValue()).isCloseTo(Long.parseLong(fields[1]), org.assertj.core.data.Offset.offset(drift));
        assertThat(((Number) root.get("available_bytes")).longValue()).isCloseTo(Long.parseLong(fields[2]), org.assertj.core.data.Offset.offset(drift));
        assertThat(((Number) root.get("used_percent")).doubleValue())
                .isCloseTo(Double.parseDouble(fields[3].replace("%", "")), org.assertj.core.data.Offset.offset(1.0));
        assertThat(fleet.hub("status", "a").assertOk().stdout()).containsPattern("/\\s+\\S+\\s+[0-9.]+ \\w+ used of [0-9.]+ \\w+ \\("
                + "(" + (Integer.parseInt(fields[3].replace("%", "")) - 1) + "|" + fields[3].replace("%", "") + "|"
                + (Integer.parseInt(fields[3].replace("%", "")) + 1) + ")%\\), [0-9.]+ \\w+ available");
    }

    @Test
    void execGivesOneDocumentWithEachMachinesResultAndKeepsTheExitCode() {
        Launchers.Result r = fleet.hub("exec", "a", "--json", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
        Map<String, Object> doc = json(r);
        assertThat(doc).containsEntry("succeeded", 0).containsEntry("failed", 1).containsEntry("running", 0);
        Map<String, Object> a = list(doc.get("results")).get(0);
        assertConforms(SharedViews.commandResultSchema(), a);
        assertThat(a).containsEntry("machine", "a").containsEntry("state", "exited").containsEntry("exit_code", 3)
                .containsEntry("stdout", "out\n").containsEntry("stderr", "err\n").containsEntry("output_complete", true);
        assertThat((String) a.get("job_id")).startsWith("a:");

        Launchers.Result many = fleet.hub("exec", "a,down", "--json", "--", "true");
        assertThat(many.exitCode()).isEqualTo(1);
        List<Map<String, Object>> results = list(json(many).get("results"));
        results.forEach(each -> assertConforms(SharedViews.commandResultSchema(), each));
        assertThat(results.get(0)).containsEntry("exit_code", 0);
        assertThat(results.get(1)).containsEntry("machine", "down").containsEntry("state", "failed").containsEntry("job_id", null);
        assertThat((String) results.get(1).get("error")).contains("connection refused");
    }

    @Test
    void jobsListsWhatExecDetachStartedInListJobsShape() {
        Map<String, Object> started = json(fleet.hub("exec", "--detach", "a", "--json", "--", "sleep", "0.2").assertOk());
        String job = (String) list(started.get("results")).get(0).get("job_id");
        assertThat(job).startsWith("a:");
        Map<String, Object> doc = json(fleet.hub("jobs", "a", "--json").assertOk());
        assertConforms(SharedViews.jobListSchema(), doc);
        assertThat(list(doc.get("jobs"))).anySatisfy(j -> assertThat(j).containsEntry("job_id", job).containsKey("started_at"));
        assertThat(list(doc.get("unreachable"))).isEmpty();
    }

    private static Map<String, Object> json(Launchers.Result result) {
        try {
            return JSON.readValue(result.stdout(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("not one JSON document:\n" + result.stdout() + "\nstderr:\n" + result.stderr(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static void assertConforms(Map<String, Object> schema, Object value) {
        assertThat(SchemaCheck.violations(schema, value)).as("%s", value).isEmpty();
    }
}
