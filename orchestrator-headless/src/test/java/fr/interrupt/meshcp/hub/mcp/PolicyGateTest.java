package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.PolicyMode;
import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub policy as MCP tool calls meet it, against real agents in-process: refusals, pending requests, decisions. */
class PolicyGateTest {
    @TempDir
    Path dataDir;

    private InProcessFleet fleet;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("db-1", Capabilities.DEFAULT);
        fleet.addAgent("web-1", Capabilities.DEFAULT);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aReadOnlyMachineRefusesCommandsAndWritesNamingTheRuleButAnswersReads() throws Exception {
        fleet.hub().policy().set("db-*", PolicyMode.READ_ONLY);
        Path file = Files.writeString(dataDir.resolve("motd"), "hello\n");
        String refusal = error(call("exec", Map.of("machine", "db-1", "command", "uptime")));
        assertThat(refusal).contains("machine 'db-1' is read-only for Claude by the hub policy rule 'db-*'")
                .contains("orchestrator-headless policy set db-* ask");
        assertThat(error(call("write_file", Map.of("machine", "db-1", "path", file.toString(), "content", "x"))))
                .contains("read-only for Claude");
        assertThat(error(call("exec_many", Map.of("all", true, "command", "uptime")))).contains("rule 'db-*'");
        assertThat(ok(call("read_file", Map.of("machine", "db-1", "path", file.toString())))).isNotNull();
        assertThat(Files.readString(file)).isEqualTo("hello\n");
        assertThat(ok(call("exec", Map.of("machine", "web-1", "command", "echo fine")))).containsEntry("stdout", "fine\n");
        assertThat(Files.readString(dataDir.resolve("audit.log"))).contains("read-only for Claude");
    }

    @Test
    void askReturnsAPendingRequestThatJobWaitFollowsOnceAPersonApprovesIt() throws Exception {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        Map<String, Object> pending = ok(call("exec", Map.of("machine", "web-1", "command", "echo approved run", "wait_seconds", 0)));
        String id = (String) pending.get("job_id");
        assertThat(id).matches("ap-[0-9a-f]{8}");
        assertThat(pending).containsEntry("state", "pending_approval").containsEntry("exit_code", null);
        assertThat((String) pending.get("note")).contains("waiting for a person at the hub").contains("job_wait {\"job_id\": \"" + id + "\"}");
        assertThat(SchemaCheck.violations(JobViews.schema(), pending)).isEmpty();
        assertThat(fleet.hub().jobs().listAll().jobs()).isEmpty();
        assertThat(error(call("job_output", Map.of("job_id", id)))).contains("still waiting for a person");

        CompletableFuture<McpSchema.CallToolResult> waiting = CompletableFuture.supplyAsync(
                () -> call("job_wait", Map.of("job_id", id, "wait_seconds", 60)));
        fleet.hub().approvals().approve(id, false);
        Map<String, Object> done = ok(waiting.get(60, TimeUnit.SECONDS));
        assertThat(done).containsEntry("state", "exited").containsEntry("exit_code", 0).containsEntry("stdout", "approved run\n");
        assertThat((String) done.get("job_id")).startsWith("web-1:");
        assertThat(ok(call("job_output", Map.of("job_id", id)))).containsEntry("text", "approved run\n");
    }

    @Test
    void anExecThatWaitsReturnsTheResultWhenApprovedWithinItsWait() throws Exception {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(
                () -> call("exec", Map.of("machine", "web-1", "command", "echo in time", "wait_seconds", 60)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.hub().approvals().pending().isEmpty());
        fleet.hub().approvals().approve(fleet.hub().approvals().pending().get(0).id(), false);
        assertThat(ok(call.get(60, TimeUnit.SECONDS))).containsEntry("state", "exited").containsEntry("stdout", "in time\n");
    }

    @Test
    void aDenialIsAToolErrorSayingAPersonDeniedItAndWhy() {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        String id = (String) ok(call("exec", Map.of("machine", "web-1", "command", "reboot", "wait_seconds", 0))).get("job_id");
        fleet.hub().approvals().deny(id, "not during business hours");
        assertThat(error(call("job_wait", Map.of("job_id", id))))
                .isEqualTo("error: a person at the hub (test) denied this: not during business hours");
    }

    @Test
    void anExpiredRequestIsAToolErrorAndNothingRan() {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        String id = (String) ok(call("exec", Map.of("machine", "web-1", "command", "echo late", "wait_seconds", 0))).get("job_id");
        fleet.clock().advance(Duration.ofMinutes(11));
        assertThat(error(call("job_wait", Map.of("job_id", id)))).contains("expired unapproved after 10m").contains("nothing ran");
        assertThat(fleet.hub().jobs().listAll().jobs()).isEmpty();
    }

    @Test
    void jobCancelWithdrawsAPendingRequest() {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        String id = (String) ok(call("exec", Map.of("machine", "web-1", "command", "echo never", "wait_seconds", 0))).get("job_id");
        assertThat(ok(call("job_cancel", Map.of("job_id", id)))).containsEntry("state", "cancelled");
        assertThat(fleet.hub().approvals().pending()).isEmpty();
        assertThat(error(call("job_wait", Map.of("job_id", id)))).contains("withdrawn");
    }

    @Test
    void execManyByLabelSelectorIsJudgedOnTheMachinesItMatches() {
        fleet.hub().policy().set("db-*", PolicyMode.READ_ONLY);
        fleet.hub().machines().label("db-1", fr.interrupt.meshcp.shared.labels.LabelEdit.parse(java.util.List.of("env=prod")), false);
        fleet.hub().machines().label("web-1", fr.interrupt.meshcp.shared.labels.LabelEdit.parse(java.util.List.of("env=prod")), false);

        assertThat(error(call("exec_many", Map.of("selector", "env=prod", "command", "uptime"))))
                .contains("machine 'db-1' is read-only for Claude by the hub policy rule 'db-*'");
    }

    @Test
    void execManyDoesNotWaitForApprovalAndSaysWhichMachineAsks() {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        assertThat(error(call("exec_many", Map.of("machines", java.util.List.of("db-1", "web-1"), "command", "uptime"))))
                .contains("exec_many cannot wait for approval: machine 'web-1'").contains("run exec on it alone");
        assertThat(fleet.hub().approvals().list()).isEmpty();
    }

    @Test
    void aCommandAllowedForAnHourRunsWithoutAsking() {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        String id = (String) ok(call("exec", Map.of("machine", "web-1", "command", "echo again", "wait_seconds", 0))).get("job_id");
        fleet.hub().approvals().approve(id, true);
        assertThat(ok(call("exec", Map.of("machine", "web-1", "command", "echo again")))).containsEntry("state", "exited");
        assertThat(fleet.hub().approvals().list()).extracting(Approval::id).containsExactly(id);
    }

    @Test
    void askTurnsWriteFileIntoARequestThatTheApproverWritesAndJobWaitReports() throws Exception {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        Path file = dataDir.resolve("motd");
        CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(
                () -> call("write_file", Map.of("machine", "web-1", "path", file.toString(), "content", "hi\n")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.hub().approvals().pending().isEmpty());
        Approval asked = fleet.hub().approvals().pending().get(0);
        assertThat(asked.file().diff()).isEqualTo("new file, 3 B");
        assertThat(file).doesNotExist();

        fleet.hub().approvals().approve(asked.id(), false);
        Map<String, Object> written = ok(call.get(60, TimeUnit.SECONDS));
        assertThat(written).containsEntry("machine", "web-1").containsEntry("bytes_written", 3L);
        assertThat(SchemaCheck.violations(FileTools.WriteFileResult.schema(), written)).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("hi\n");

        Map<String, Object> waited = ok(call("job_wait", Map.of("job_id", asked.id())));
        assertThat(waited).containsEntry("state", "exited").containsEntry("job_id", asked.id()).containsEntry("written", written);
        assertThat(SchemaCheck.violations(JobViews.schema(), waited)).isEmpty();
        assertThat(error(call("job_output", Map.of("job_id", asked.id())))).contains("was a file change").contains("written");
    }

    @Test
    void askedEditShowsItsDiffAndADenialIsAToolErrorSayingWhy() throws Exception {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        Path file = Files.writeString(dataDir.resolve("app.conf"), "port=80\n");
        CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> call("edit_file",
                Map.of("machine", "web-1", "path", file.toString(), "old_text", "port=80", "new_text", "port=8080")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.hub().approvals().pending().isEmpty());
        Approval asked = fleet.hub().approvals().pending().get(0);
        assertThat(asked.file().diff()).contains("-port=80\n+port=8080\n");

        fleet.hub().approvals().deny(asked.id(), "ports are set by the deploy");
        assertThat(error(call.get(60, TimeUnit.SECONDS))).isEqualTo("error: a person at the hub (test) denied this: ports are set by the deploy");
        assertThat(Files.readString(file)).isEqualTo("port=80\n");
    }

    @Test
    void anApprovedEditThatNoLongerAppliesIsAToolErrorForJobWait() throws Exception {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        Path file = Files.writeString(dataDir.resolve("app.conf"), "port=80\n");
        CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> call("edit_file",
                Map.of("machine", "web-1", "path", file.toString(), "old_text", "port=80", "new_text", "port=8080")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.hub().approvals().pending().isEmpty());
        String id = fleet.hub().approvals().pending().get(0).id();
        Files.writeString(file, "port=81\n");
        fleet.hub().approvals().approve(id, false);

        assertThat(error(call.get(60, TimeUnit.SECONDS))).contains("approved by test but the change could not be written")
                .contains("old_text was not found");
        assertThat(error(call("job_wait", Map.of("job_id", id)))).contains("nothing was written");
        assertThat(Files.readString(file)).isEqualTo("port=81\n");
    }

    @Test
    void anEditThatMatchesNothingFailsAtOnceInAskMode() throws Exception {
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        Path file = Files.writeString(dataDir.resolve("app.conf"), "port=80\n");
        assertThat(error(call("edit_file", Map.of("machine", "web-1", "path", file.toString(), "old_text", "port=443",
                "new_text", "x")))).contains("old_text was not found");
        assertThat(fleet.hub().approvals().list()).isEmpty();
    }

    private McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        ToolDef def = McpServerFactory.tools().stream().filter(d -> d.name().equals(tool)).findFirst().orElseThrow();
        return McpServerFactory.invoke(def, new ToolContext(HubHandle.of(fleet.hub()), Progress.none(), CancelSignal.none()), args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(String.valueOf(result.content())).isFalse();
        return (Map<String, Object>) result.structuredContent();
    }

    private static String error(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(String.valueOf(result.structuredContent())).isTrue();
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
