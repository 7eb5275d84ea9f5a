package fr.interrupt.meshcp.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * write_file and edit_file requests that wait for a person, against a real agent in-process and real files: the diff a
 * person reads, the write the approver performs, an edit gone stale before approval, the size cap.
 */
class FileChangeApprovalTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    private InProcessFleet fleet;
    private ApprovalService approvals;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web-1", Capabilities.DEFAULT);
        approvals = fleet.hub().approvals();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aWriteOfANewFileWaitsAndTheApproverWritesIt() throws Exception {
        Path target = files.resolve("conf/motd");
        Approval asked = approvals.requestWrite("web-1", target.toString(), "hello\n".getBytes(StandardCharsets.UTF_8), 0600,
                true, "web-1");
        assertThat(asked.tool()).isEqualTo("write_file");
        assertThat(asked.file().diff()).isEqualTo("new file, 6 B");
        assertThat(approvals.pending()).extracting(Approval::id).containsExactly(asked.id());
        assertThat(approvals.require(asked.id()).file().content()).isEqualTo("hello\n".getBytes(StandardCharsets.UTF_8));
        assertThat(target).doesNotExist();

        Approval done = approvals.approve(asked.id(), false);
        assertThat(done.state()).isEqualTo(ApprovalState.WRITTEN);
        assertThat(done.written().bytesWritten()).isEqualTo(6);
        assertThat(Files.readString(target)).isEqualTo("hello\n");
        assertThat(approvals.require(asked.id()).written()).isEqualTo(done.written());
        assertThat(approvals.require(asked.id()).file().contentBase64()).as("content dropped once written").isNull();
        assertThat(Files.readString(dataDir.resolve("audit.log"))).contains("\"approve\"").contains("write_file " + target);
    }

    @Test
    void aWriteOverAnExistingTextFileShowsAUnifiedDiff() throws Exception {
        Path target = Files.writeString(files.resolve("app.conf"), "a\nb\nc\n");
        Approval asked = approvals.requestWrite("web-1", target.toString(), "a\nB\nc\n".getBytes(StandardCharsets.UTF_8), null,
                false, "web-1");
        assertThat(asked.file().diff()).isEqualTo("--- a" + target + "\n+++ b" + target + "\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    }

    @Test
    void anEditCarriesItsDiffAndTheApproverAppliesIt() throws Exception {
        Path target = Files.writeString(files.resolve("nginx.conf"), "user www;\nworker_processes 1;\npid /run/nginx.pid;\n");
        Approval asked = approvals.requestEdit("web-1", target.toString(), "worker_processes 1;", "worker_processes auto;",
                false, "web-1");
        assertThat(asked.file().diff()).contains("-worker_processes 1;\n+worker_processes auto;\n").contains(" user www;\n");
        assertThat(Files.readString(target)).contains("worker_processes 1;");

        Approval done = approvals.approve(asked.id(), false);
        assertThat(done.state()).isEqualTo(ApprovalState.WRITTEN);
        assertThat(done.written().replacements()).isEqualTo(1);
        assertThat(Files.readString(target)).isEqualTo("user www;\nworker_processes auto;\npid /run/nginx.pid;\n");
    }

    @Test
    void anEditWhoseOldTextNoLongerMatchesAtApprovalFailsWithASentenceAndWritesNothing() throws Exception {
        Path target = Files.writeString(files.resolve("app.conf"), "port=80\n");
        Approval asked = approvals.requestEdit("web-1", target.toString(), "port=80", "port=8080", false, "web-1");
        Files.writeString(target, "port=81\n");

        Approval done = approvals.approve(asked.id(), false);
        assertThat(done.state()).isEqualTo(ApprovalState.FAILED);
        assertThat(done.error()).startsWith("web-1:" + target + " changed since the edit was asked for, and the edit no "
                + "longer applies (old_text was not found").contains("nothing was written");
        assertThat(approvals.whyItWillNotRun(done).orElseThrow()).contains("but the change could not be written");
        assertThat(Files.readString(target)).isEqualTo("port=81\n");
    }

    @Test
    void anEditThatCannotApplyNowFailsAtOnceWithoutAskingAnyone() throws Exception {
        Path target = Files.writeString(files.resolve("app.conf"), "port=80\n");
        assertThatThrownBy(() -> approvals.requestEdit("web-1", target.toString(), "port=443", "port=8443", false, "web-1"))
                .isInstanceOf(MeshcpException.class).hasMessageContaining("old_text was not found");
        assertThat(approvals.list()).isEmpty();
    }

    @Test
    void aWriteOverOneMebibyteIsRefusedInAskModeWithASentence() {
        byte[] big = new byte[FileChanges.MAX_CONTENT_BYTES + 1];
        assertThatThrownBy(() -> approvals.requestWrite("web-1", files.resolve("big").toString(), big, null, false, "web-1"))
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.REFUSED))
                .hasMessageContaining("a write waiting for approval holds at most 1.0 MiB of content");
        assertThat(approvals.list()).isEmpty();
    }

    @Test
    void aFileChangeCannotBeAllowedForAnHour() throws Exception {
        Approval asked = approvals.requestWrite("web-1", files.resolve("x").toString(), new byte[] {'x'}, null, false, "web-1");
        assertThatThrownBy(() -> approvals.approve(asked.id(), true)).isInstanceOf(MeshcpException.class)
                .hasMessageContaining("only commands can be allowed for an hour");
        assertThat(approvals.require(asked.id()).state()).isEqualTo(ApprovalState.PENDING);
    }
}
