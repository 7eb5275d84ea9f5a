package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP job tools against a real agent in-process (agent keeps 1 KiB head and tail per stream). */
class JobToolsTest {
    @TempDir
    Path dataDir;

    private InProcessFleet fleet;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        ShellConfig shell = new ShellConfig(true, 300, List.of(), 16, 8, 1, 1, 100, 60);
        fleet.addAgent("web1", Capabilities.DEFAULT.withShell(shell));
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aFinishedCommandShowsItsOutputAndTheJobTheAgentKeeps() {
        Map<String, Object> result = ok("exec", Map.of("machine", "web1", "command", "echo hi; exit 4"));
        assertThat(result).containsEntry("state", "exited").containsEntry("exit_code", 4).containsEntry("stdout", "hi\n")
                .containsEntry("output_complete", true).containsEntry("note", null);
        assertThat((String) result.get("job_id")).matches("web1:[0-9a-f]{12}");
        assertThat(SchemaCheck.violations(JobViews.schema(), result)).isEmpty();
    }

    @Test
    void aRunningJobSaysHowToFollowIt() {
        Map<String, Object> result = ok("exec", Map.of("machine", "web1", "command", "echo started; sleep 30", "wait_seconds", 0));
        String id = (String) result.get("job_id");
        assertThat(result).containsEntry("state", "running").containsEntry("exit_code", null);
        assertThat((String) result.get("note")).contains("job_wait {\"job_id\": \"" + id + "\"}");
        Map<String, Object> cancelled = ok("job_cancel", Map.of("job_id", id));
        assertThat(cancelled).containsEntry("state", "cancelled");
    }

    @Test
    void outputTheAgentDroppedIsNamedAndTheRestReadsByOffset() {
        Map<String, Object> result = ok("exec", Map.of("machine", "web1", "command", "seq -w 1000 1999"));
        String id = (String) result.get("job_id");
        assertThat(result).containsEntry("agent_truncated", true).containsEntry("stdout_bytes", 5000L);
        assertThat((String) result.get("stdout")).startsWith("1000\n").endsWith("1999\n");
        assertThat((String) result.get("note")).contains("redirect it to a file");

        Map<String, Object> first = ok("job_output", Map.of("job_id", id, "max_bytes", 10));
        assertThat(first).containsEntry("text", "1000\n1001\n").containsEntry("next_offset", 10L).containsEntry("eof", false);
        Map<String, Object> gap = ok("job_output", Map.of("job_id", id, "offset", 2000));
        assertThat(gap.get("offset")).isEqualTo(5000L - 1024);
        assertThat((String) gap.get("note")).contains("were not kept");
        assertThat((String) gap.get("text")).endsWith("1999\n");
        assertThat(gap).containsEntry("eof", true);
    }

    @Test
    void readingNeverStallsWhereTheKeptHeadEndsInsideACharacter() {
        Map<String, Object> result = ok("exec", Map.of("machine", "web1", "command",
                "head -c 1023 /dev/zero | tr '\\0' a; printf '\\303\\251'; head -c 3000 /dev/zero | tr '\\0' b"));
        String id = (String) result.get("job_id");
        assertThat(result).containsEntry("stdout_bytes", 4025L);

        Map<String, Object> head = ok("job_output", Map.of("job_id", id, "offset", 1000, "max_bytes", 100));
        assertThat(head.get("next_offset")).isEqualTo(1024L);
        assertThat((String) head.get("note")).contains("continue from offset " + (4025 - 1024));
        Map<String, Object> tail = ok("job_output", Map.of("job_id", id, "offset", 1024));
        assertThat(tail.get("offset")).isEqualTo(4025L - 1024);
        assertThat(tail).containsEntry("eof", true);
    }

    @Test
    void aTimeoutTellsHowToAllowMoreTime() {
        Map<String, Object> result = ok("exec", Map.of("machine", "web1", "command", "sleep 30", "timeout_seconds", 1));
        assertThat(result).containsEntry("state", "timed_out").containsEntry("exit_code", null);
        assertThat((String) result.get("note")).contains("timeout_seconds").contains("max_timeout_seconds");
    }

    @Test
    void aCallTheClientCancelsCancelsItsJobWhichStaysListedWithItsOutput() throws Exception {
        CancelSignal cancellation = CancelSignal.none();
        CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> McpServerFactory.invoke(tool("exec"),
                context(cancellation), Map.of("machine", "web1", "command", "echo partial; sleep 600", "wait_seconds", 120)));
        org.awaitility.Awaitility.await().until(() -> !fleet.hub().jobs().listAll().jobs().isEmpty()
                && fleet.hub().jobs().listAll().jobs().get(0).stdout().total() > 0);
        cancellation.fire();
        Map<String, Object> result = structured(call.get(30, TimeUnit.SECONDS));
        assertThat(result).containsEntry("state", "cancelled").containsEntry("stdout", "partial\n");

        Map<String, Object> listed = ok("list_jobs", Map.of());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) listed.get("jobs");
        assertThat(rows).singleElement().satisfies(j -> assertThat(j)
                .containsEntry("job_id", result.get("job_id")).containsEntry("state", "cancelled").containsEntry("caller", "test"));
    }

    private Map<String, Object> ok(String tool, Map<String, Object> args) {
        return structured(McpServerFactory.invoke(tool(tool), context(CancelSignal.none()), args));
    }

    private ToolContext context(CancelSignal cancellation) {
        return new ToolContext(HubHandle.of(fleet.hub()), Progress.none(), cancellation);
    }

    private static ToolDef tool(String name) {
        return McpServerFactory.tools().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(String.valueOf(result.content())).isFalse();
        return (Map<String, Object>) result.structuredContent();
    }
}
