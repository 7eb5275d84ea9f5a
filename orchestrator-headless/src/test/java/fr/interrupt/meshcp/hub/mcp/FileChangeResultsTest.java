package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.hub.policy.FileChange;
import fr.interrupt.meshcp.hub.policy.FileWritten;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers for file changes that waited for a person match the output schema of the tool that gives them. */
class FileChangeResultsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T22:00:00Z");

    private static Approval request(FileChange change, ApprovalState state, FileWritten written) {
        return new Approval("ap-0123abcd", "web-1", change.oldText() == null ? "write_file" : "edit_file",
                "edit_file " + change.path(), null, null, Map.of(), "mcp:alice", "web-*", NOW, NOW.plusSeconds(600), state,
                "cli:bob", NOW, null, null, null, change, written);
    }

    @Test
    void aPendingWriteMatchesWriteFilesSchemaAndSaysWhatToDo() {
        FileChange change = new FileChange("/etc/motd", "aGkK", null, false, null, null, false, "new file, 3 B");
        Map<String, Object> pending = FileChangeResults.pending(request(change, ApprovalState.PENDING, null),
                PolicyGate.PENDING_APPROVAL, "wait with job_wait");
        assertThat(pending).containsEntry("state", "pending_approval").containsEntry("job_id", "ap-0123abcd")
                .containsEntry("bytes_written", 0L);
        assertThat(SchemaCheck.violations(FileTools.WriteFileResult.schema(), pending)).isEmpty();
    }

    @Test
    void aPendingEditMatchesEditFilesSchema() {
        FileChange change = new FileChange("/etc/app.conf", null, null, false, "a", "b", false, "-a\n+b\n");
        Map<String, Object> pending = FileChangeResults.pending(request(change, ApprovalState.PENDING, null),
                PolicyGate.PENDING_APPROVAL, "wait");
        assertThat(SchemaCheck.violations(EditTool.EditResult.schema(), pending)).isEmpty();
    }

    @Test
    void aWrittenEditAnsweredByJobWaitMatchesExecsSchemaWithTheEditsResultInside() {
        FileChange change = new FileChange("/etc/app.conf", null, null, false, "a", "b", false, "-a\n+b\n");
        FileWritten written = new FileWritten("/etc/app.conf", 12, null, 1, "CRLF");
        var result = FileChangeResults.written(request(change, ApprovalState.WRITTEN, written), false, NOW.plusSeconds(5));
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        assertThat(SchemaCheck.violations(JobViews.schema(), structured)).isEmpty();
        assertThat(structured).containsEntry("state", "exited").containsEntry("exit_code", 0);
        assertThat(SchemaCheck.violations(EditTool.EditResult.schema(), structured.get("written"))).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> edit = (Map<String, Object>) structured.get("written");
        assertThat(edit).containsEntry("replacements", 1).containsEntry("line_ends", "CRLF");
    }
}
