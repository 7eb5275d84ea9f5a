package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.cli.InProcessCli.Run;
import fr.interrupt.meshcp.hub.state.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit}: the last lines of audit.log, filtered, as text, JSON, and followed. */
class AuditCliTest {
    @TempDir
    Path dataDir;

    private AuditLog log(String caller) {
        return new AuditLog(dataDir.resolve("audit.log"), caller, Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC),
                Json.mapper());
    }

    @BeforeEach
    void lines() throws Exception {
        Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        log("cli:alice").record("exec", "web-1", Map.of("command", "uname -a", "job", "0123456789ab", "state", "exited", "exit_code", 0));
        log("mcp:alice").record("mcp:exec", "db-1", Map.of("command", "df -h"));
        log("desktop:bob").record("write_file", "db-1", Map.of("path", "/etc/motd", "error", "path /etc/motd is outside allowed_paths"));
    }

    @Test
    void printsTheLastLinesOldestFirstWithCallerActionMachineAndOutcome() {
        Run r = InProcessCli.on(dataDir, "audit");

        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(4);
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("TIME (UTC)").contains("CALLER", "ACTION", "MACHINE", "OUTCOME");
        assertThat(r.out()).containsPattern("2026-11-29 10:00:00Z +cli:alice +exec +web-1 +exit 0 +uname -a")
                .containsPattern("desktop:bob +write_file +db-1 +failed +/etc/motd");
    }

    @Test
    void filtersByMachineCallerFaceAndActionAndLimits() {
        assertThat(InProcessCli.on(dataDir, "audit", "--machine", "db-1", "-n", "1").out()).contains("write_file").doesNotContain("mcp:exec");
        assertThat(InProcessCli.on(dataDir, "audit", "--caller", "mcp").out()).contains("df -h").doesNotContain("uname");
        assertThat(InProcessCli.on(dataDir, "audit", "--action", "exec").out()).contains("uname").doesNotContain("df -h");
        assertThat(InProcessCli.on(dataDir, "audit", "--caller", "nobody").out()).isEqualTo("No audit line matches.\n");
    }

    @Test
    void jsonGivesEachEntryWithItsJobAndDetails() throws Exception {
        Run r = InProcessCli.on(dataDir, "audit", "--json", "-m", "web-1");

        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("entries")).hasSize(1);
        JsonNode entry = doc.get("entries").get(0);
        assertThat(entry.get("job").asText()).isEqualTo("web-1:0123456789ab");
        assertThat(entry.get("outcome").asText()).isEqualTo("exit 0");
        assertThat(entry.get("details").get("command").asText()).isEqualTo("uname -a");
        assertThat(doc.get("skipped_lines").asInt()).isZero();
    }

    @Test
    void aCountOutOfRangeNamesTheFlag() {
        Run r = InProcessCli.on(dataDir, "audit", "-n", "0");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("-n must be 1 to 100000, not 0");
    }

    @Test
    void followPrintsLinesAppendedLater() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(out, true, StandardCharsets.UTF_8);
        Thread following = new Thread(() -> CliFactory.create(sink, sink, Map.of())
                .execute("--data-dir", dataDir.toString(), "audit", "--follow", "--caller", "cli"));
        following.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).contains("uname -a"));
            log("cli:carol").record("remove", "web-9", Map.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("web-9"));
        } finally {
            following.interrupt();
            following.join(5000);
        }
        assertThat(following.isAlive()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("df -h");
    }
}
