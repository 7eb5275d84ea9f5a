package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's policy for Claude end to end: the built `serve` driven by a real MCP client over stdio, one real agent on
 * loopback, and the policy and decisions made with the built CLI, as a person at the hub would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpPolicyIT {
    @TempDir
    static Path tmp;

    private static TestFleet fleet;
    private static McpSyncClient client;

    @BeforeAll
    static void startFleetAndServer() {
        fleet = TestFleet.start(tmp);
        fleet.addAgent("web-1");
        ServerParameters server = ServerParameters.builder(Launchers.hubLauncher().toString())
                .args("--data-dir", fleet.dataDir().toString(), "serve", "--no-enrollment")
                .build();
        client = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void aReadOnlyMachineRefusesACommandNamingTheRuleAndWhereToChangeIt() {
        fleet.hub("policy", "set", "web-*", "read-only").assertOk();
        McpSchema.CallToolResult refused = call("exec", Map.of("machine", "web-1", "command", "touch /tmp/never"));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("machine 'web-1' is read-only for Claude by the hub policy rule 'web-*'")
                .contains("orchestrator-headless policy set web-* ask");
        assertThat(call("ping", Map.of("machine", "web-1")).isError()).isFalse();
    }

    @Test
    @Order(2)
    void askWaitsForAPersonWhoApprovesFromTheCliThenTheJobRunsAndJobWaitReturnsItsOutput() throws Exception {
        fleet.hub("policy", "set", "web-*", "ask").assertOk();
        Map<String, Object> pending = structured(call("exec", Map.of("machine", "web-1", "command", "echo approved by a person",
                "wait_seconds", 1)));
        String id = (String) pending.get("job_id");
        assertThat(pending).containsEntry("state", "pending_approval");
        String listed = fleet.hub("approvals").assertOk().stdout();
        assertThat(listed).contains(id).contains("web-1").contains("echo approved by a person").contains("mcp:");

        CompletableFuture<McpSchema.CallToolResult> waiting = CompletableFuture.supplyAsync(
                () -> call("job_wait", Map.of("job_id", id, "wait_seconds", 60)));
        assertThat(fleet.hub("approve", id).assertOk().stdout()).contains("Approved " + id).contains("web-1:");
        Map<String, Object> done = structured(waiting.get(90, TimeUnit.SECONDS));
        assertThat(done).containsEntry("state", "exited").containsEntry("exit_code", 0)
                .containsEntry("stdout", "approved by a person\n");
        assertThat(Files.readString(fleet.dataDir().resolve("audit.log"))).contains("\"action\":\"approve\"")
                .contains("\"caller\":\"cli:");
    }

    @Test
    @Order(3)
    void aDenialFromTheCliIsAToolErrorWithTheReason() {
        String id = (String) structured(call("exec", Map.of("machine", "web-1", "command", "rm -rf /tmp/important",
                "wait_seconds", 0))).get("job_id");
        fleet.hub("deny", id, "--reason", "use the cleanup script").assertOk();
        McpSchema.CallToolResult denied = call("job_wait", Map.of("job_id", id));
        assertThat(denied.isError()).isTrue();
        assertThat(text(denied)).matches("error: a person at the hub \\(cli:.+\\) denied this: use the cleanup script");
        assertThat(fleet.hub("approve", id).exitCode()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void anEditWaitsForAPersonWhoReadsItsDiffAndApprovesItFromTheCli() throws Exception {
        Path file = Files.writeString(tmp.resolve("app.conf"), "port=80\nworkers=1\n");
        CompletableFuture<McpSchema.CallToolResult> editing = CompletableFuture.supplyAsync(() -> call("edit_file",
                Map.of("machine", "web-1", "path", file.toString(), "old_text", "workers=1", "new_text", "workers=4")));
        String id = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fleet.hub("approvals").assertOk().stdout()
                .lines().filter(l -> l.contains("edit_file")).map(l -> l.split("\\s+")[0]).findFirst().orElse(null),
                found -> found != null);
        assertThat(fleet.hub("approvals").assertOk().stdout()).contains(file.toString());
        assertThat(fleet.hub("approvals", "--diff", id).assertOk().stdout()).contains("-workers=1\n+workers=4\n");
        assertThat(fleet.hub("approve", id, "--for-hour").exitCode()).isEqualTo(2);

        assertThat(fleet.hub("approve", id).assertOk().stdout()).startsWith("Approved " + id + ": wrote 18 B to web-1:" + file);
        Map<String, Object> edited = structured(editing.get(60, TimeUnit.SECONDS));
        assertThat(edited).containsEntry("replacements", 1).containsEntry("bytes_written", 18);
        assertThat(Files.readString(file)).isEqualTo("port=80\nworkers=4\n");
        assertThat(structured(call("job_wait", Map.of("job_id", id)))).containsEntry("state", "exited")
                .containsEntry("written", edited);
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isFalse();
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
