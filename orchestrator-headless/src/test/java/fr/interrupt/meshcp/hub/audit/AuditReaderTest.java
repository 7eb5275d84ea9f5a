package fr.interrupt.meshcp.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.state.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit.log read back for people: lines written by the real AuditLog, malformed ones, rotation, bounds. */
class AuditReaderTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.log");
    }

    private AuditLog log(String caller) {
        return new AuditLog(file(), caller, Clock.fixed(T0, ZoneOffset.UTC), Json.mapper());
    }

    private void appendRaw(String text) throws IOException {
        Files.writeString(file(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> actions(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::action).toList();
    }

    @Test
    void readsWhatAuditLogWritesWithCallerMachineAndDetails() {
        log("cli:alice").record("exec", "web-1", Map.of("command", "uname -a", "job", "0123456789ab", "state", "exited", "exit_code", 0));

        AuditEntry entry = new AuditReader(file()).last(AuditQuery.ALL, 10).entries().get(0);

        assertThat(entry.time()).isEqualTo(T0);
        assertThat(entry.caller()).isEqualTo("cli:alice");
        assertThat(entry.face()).isEqualTo("cli");
        assertThat(entry.machine()).isEqualTo("web-1");
        assertThat(entry.subject()).isEqualTo("uname -a");
        assertThat(entry.outcome().words()).isEqualTo("exit 0");
        assertThat(entry.outcome().succeeded()).isTrue();
        assertThat(entry.job()).contains(new JobRef("web-1", "0123456789ab"));
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws IOException {
        log("cli:alice").record("enroll", "web-1", Map.of());
        appendRaw("not json at all\n[1,2]\n{\"caller\":\"x\"}\n{\"time\":\"yesterday\"}\n{\"time\":\"2026-11-29T10:00:0\n\n");
        log("mcp:alice").record("mcp:exec", "web-1", Map.of("command", "ls"));

        AuditReader.Page page = new AuditReader(file()).last(AuditQuery.ALL, 10);

        assertThat(actions(page.entries())).containsExactly("enroll", "mcp:exec");
        assertThat(page.skippedLines()).isEqualTo(5);
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedWithoutBeingHeld() throws IOException {
        appendRaw("{\"time\":\"2026-11-29T10:00:00Z\",\"action\":\"exec\",\"command\":\"" + "x".repeat(AuditTail.MAX_LINE_BYTES) + "\"}\n");
        log("cli:alice").record("remove", "web-2", Map.of());

        AuditReader.Page page = new AuditReader(file()).last(AuditQuery.ALL, 10);

        assertThat(actions(page.entries())).containsExactly("remove");
        assertThat(page.skippedLines()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheLastNMatchingEntries() {
        AuditLog log = log("cli:alice");
        for (int i = 0; i < 500; i++) {
            log.record("exec", i % 2 == 0 ? "web-1" : "web-2", Map.of("command", "echo " + i));
        }

        List<AuditEntry> last = new AuditReader(file()).last(new AuditQuery("web-2", null, null), 3).entries();

        assertThat(last).extracting(AuditEntry::subject).containsExactly("echo 495", "echo 497", "echo 499");
    }

    @Test
    void queryMatchesAFaceOrAnExactCallerAndAnActionPrefix() {
        log("cli:alice").record("exec", "web-1", Map.of());
        log("mcp:alice").record("mcp:exec", "web-1", Map.of());
        log("mcp:bob").record("mcp:read_file", "db-1", Map.of());
        log("desktop:alice").record("write_file", "db-1", Map.of());
        AuditReader reader = new AuditReader(file());

        assertThat(actions(reader.last(new AuditQuery(null, "mcp", null), 10).entries())).containsExactly("mcp:exec", "mcp:read_file");
        assertThat(actions(reader.last(new AuditQuery(null, "mcp:bob", null), 10).entries())).containsExactly("mcp:read_file");
        assertThat(actions(reader.last(new AuditQuery(null, null, "mcp"), 10).entries())).containsExactly("mcp:exec", "mcp:read_file");
        assertThat(actions(reader.last(new AuditQuery("db-1", " ", "write_file"), 10).entries())).containsExactly("write_file");
        assertThat(reader.last(new AuditQuery(null, "mc", null), 10).entries()).isEmpty();
    }

    @Test
    void noFileYetIsNoEntries() {
        assertThat(new AuditReader(file()).last(AuditQuery.ALL, 10).entries()).isEmpty();
    }

    @Test
    void aLimitOutOfRangeIsRefusedWithASentence() {
        assertThatThrownBy(() -> new AuditReader(file()).last(AuditQuery.ALL, 0)).isInstanceOf(MeshcpException.class)
                .hasMessageContaining("must be 1 to 100000");
    }

    @Test
    void tailReturnsOnlyWhatWasAppendedAndWaitsForTheNewline() throws IOException {
        AuditLog log = log("cli:alice");
        log.record("enroll", "web-1", Map.of());
        try (AuditTail tail = new AuditReader(file()).tail(AuditQuery.ALL, 100)) {
            assertThat(actions(tail.poll().entries())).containsExactly("enroll");
            assertThat(tail.poll().entries()).isEmpty();

            appendRaw("{\"time\":\"2026-11-29T10:00:01Z\",\"action\":\"exec\"");
            assertThat(tail.poll().entries()).isEmpty();
            appendRaw(",\"machine\":\"web-1\"}\n");
            log.record("remove", "web-1", Map.of());

            assertThat(actions(tail.poll().entries())).containsExactly("exec", "remove");
            assertThat(tail.skippedLines()).isZero();
        }
    }

    @Test
    void tailNoticesRotationByRenameAndReadsBothFiles() throws IOException {
        AuditLog log = log("cli:alice");
        log.record("enroll", "web-1", Map.of());
        try (AuditTail tail = new AuditReader(file()).tail(AuditQuery.ALL, 100)) {
            tail.poll();
            log.record("exec", "web-1", Map.of()); // written just before the rotation
            Files.move(file(), dir.resolve("audit.log.1"));
            log.record("remove", "web-1", Map.of()); // the new file

            AuditTail.Batch batch = tail.poll();

            assertThat(batch.restarted()).isTrue();
            assertThat(actions(batch.entries())).containsExactly("exec", "remove");
            log.record("label", "web-1", Map.of());
            AuditTail.Batch after = tail.poll();
            assertThat(after.restarted()).isFalse();
            assertThat(actions(after.entries())).containsExactly("label");
        }
    }

    @Test
    void tailNoticesTruncationAndStartsOver() throws IOException {
        AuditLog log = log("cli:alice");
        log.record("enroll", "web-1", Map.of("address", "10.0.0.1:7443"));
        log.record("exec", "web-1", Map.of("command", "a long command so the file is longer than the next line"));
        try (AuditTail tail = new AuditReader(file()).tail(AuditQuery.ALL, 100)) {
            tail.poll();
            Files.write(file(), new byte[0], StandardOpenOption.TRUNCATE_EXISTING); // logrotate copytruncate
            log.record("remove", "web-1", Map.of());

            AuditTail.Batch batch = tail.poll();

            assertThat(batch.restarted()).isTrue();
            assertThat(actions(batch.entries())).containsExactly("remove");
        }
    }

    @Test
    void tailWaitsForAFileRemovedThenCreatedAgain() throws IOException {
        AuditLog log = log("cli:alice");
        log.record("enroll", "web-1", Map.of());
        try (AuditTail tail = new AuditReader(file()).tail(AuditQuery.ALL, 100)) {
            tail.poll();
            Files.delete(file());
            assertThat(tail.poll().entries()).isEmpty();

            log.record("exec", "web-1", Map.of());

            assertThat(actions(tail.poll().entries())).containsExactly("exec");
        }
    }

    @Test
    void oneTailPollKeepsAtMostItsBound() {
        AuditLog log = log("cli:alice");
        try (AuditTail tail = new AuditReader(file()).tail(AuditQuery.ALL, 5)) {
            for (int i = 0; i < 50; i++) {
                log.record("exec", "web-1", Map.of("command", "echo " + i));
            }
            assertThat(tail.poll().entries()).extracting(AuditEntry::subject)
                    .containsExactly("echo 45", "echo 46", "echo 47", "echo 48", "echo 49");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theLastEntriesOfALongLogAreReadFromItsEndAcrossChunkBoundaries() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            // lengths from 60 to about 1,100 bytes, so lines straddle the 64 KiB chunks at many offsets
            text.append("{\"time\":\"2026-11-29T10:00:00Z\",\"action\":\"exec\",\"machine\":\"web-1\",\"command\":\"echo ")
                    .append(i).append(' ').append("x".repeat((i * 37) % 1000)).append("\"}\n");
            if (i == 2990) {
                text.append("{\"time\":\"2026-11-29T10:00:00Z\",\"command\":\"").append("y".repeat(AuditTail.MAX_LINE_BYTES + 10)).append("\"}\n");
                text.append("not json\n");
            }
        }
        text.append("{\"time\":\"2026-11-29T10:00:00Z\",\"action\":\"exec\",\"command\":\"unfinished"); // no newline yet
        appendRaw(text.toString());

        try (AuditTail tail = new AuditReader(file()).tail(AuditQuery.ALL, 2500)) {
            List<AuditEntry> last = tail.poll().entries();

            assertThat(last).hasSize(2500);
            assertThat(last.get(0).subject()).startsWith("echo 500 ");
            assertThat(last.get(2499).subject()).startsWith("echo 2999 ");
            assertThat(tail.skippedLines()).isEqualTo(2);
            appendRaw("\"}\n");
            assertThat(tail.poll().entries()).extracting(AuditEntry::subject).containsExactly("unfinished");
        }
        assertThat(new AuditReader(file()).last(AuditQuery.ALL, 100_000).entries()).hasSize(3001); // the unfinished line ended meanwhile
        assertThat(new AuditReader(file()).last(AuditQuery.ALL, 100_000).skippedLines()).isEqualTo(2);
    }

    @Test
    void outcomesSayHowTheActionEnded() {
        assertThat(entry(Map.of("error", "machine web-1 is offline")).outcome()).isEqualTo(new AuditOutcome(false, "failed", "machine web-1 is offline"));
        assertThat(entry(Map.of("state", "exited", "exit_code", "2")).outcome().words()).isEqualTo("exit 2");
        assertThat(entry(Map.of("state", "timed out", "exit_code", "-1")).outcome().succeeded()).isFalse();
        assertThat(entry(Map.of("detached", "true", "job", "0123456789ab")).outcome().words()).isEqualTo("started");
        assertThat(entry(Map.of("job", "../../etc")).job()).isEmpty();
        assertThat(new AuditEntry(T0, "desktop:bob", "job_cancel", "web-1", Map.of("job", "0123456789ab", "state", "cancelled"))
                .outcome()).isEqualTo(new AuditOutcome(true, "job cancelled", ""));
    }

    private static AuditEntry entry(Map<String, String> details) {
        return new AuditEntry(T0, "cli:alice", "exec", "web-1", details);
    }
}
