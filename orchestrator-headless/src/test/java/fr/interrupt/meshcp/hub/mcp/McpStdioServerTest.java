package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.testsupport.Ports;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server in process, on pipes, over a real hub with one enrolled machine whose agent is not running. */
class McpStdioServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Hub hub;
    private McpStdioServer server;
    private BlockingPipe toServer;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private int nextId = 1;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        hub = Hub.open(dataDir, "mcp:test");
        closedPort = Ports.freePort();
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine("ghost", "127.0.0.1", closedPort, "01", "00".repeat(32), "ghost-host", "linux", "amd64",
                "0.1.0", Instant.now(), null));
        toServer = new BlockingPipe();
        BlockingPipe fromServer = new BlockingPipe();
        server = McpStdioServer.start(toServer.in, fromServer.out, HubHandle.of(hub));
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    stdout.add(line);
                    try {
                        messages.add(JSON.readTree(line));
                    } catch (IOException e) {
                        messages.add(JSON.createObjectNode().put("unparsable", line));
                    }
                }
            } catch (IOException ignored) {
                // pipe closed
            }
        }, "test-stdout");
        reader.setDaemon(true);
        reader.start();
        JsonNode init = request("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "test", "version", "1")));
        assertThat(init.path("result").path("serverInfo").path("name").asText()).isEqualTo("meshcp");
        send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void initializeCarriesInstructionsThatStartWithListMachines() throws Exception {
        toServer.out.write(("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(response(99).has("result")).isTrue();
        assertThat(McpServerFactory.INSTRUCTIONS).contains("list_machines");
    }

    @Test
    void everyToolHasADescriptionAndCheckedInputAndOutputSchemas() throws Exception {
        JsonNode tools = request("tools/list", Map.of()).path("result").path("tools");
        List<String> names = new ArrayList<>();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asText();
            names.add(name);
            assertThat(tool.path("description").asText()).as(name).hasSizeGreaterThan(80);
            Map<String, Object> input = map(tool.path("inputSchema"));
            Map<String, Object> output = map(tool.path("outputSchema"));
            assertThat(input).as(name).containsEntry("type", "object").containsEntry("additionalProperties", false);
            assertThat(output).as(name).containsEntry("type", "object");
            assertThat(SchemaCheck.schemaProblems(input)).as(name).isEmpty();
            assertThat(SchemaCheck.schemaProblems(output)).as(name).isEmpty();
        }
        assertThat(names).contains("list_machines", "exec", "read_file", "write_file", "list_files", "system_status",
                "ping", "exec_many", "job_wait", "job_output", "job_cancel", "list_jobs", "edit_file");
    }

    @Test
    void listMachinesShowsAMachineWhoseAgentIsDownAsOfflineWithTheReason() throws Exception {
        JsonNode result = callOk("list_machines", Map.of());

        JsonNode ghost = result.path("structuredContent").path("machines").get(0);
        assertThat(ghost.path("name").asText()).isEqualTo("ghost");
        assertThat(ghost.path("status").asText()).isEqualTo("offline");
        assertThat(ghost.path("problem").asText()).contains("unreachable", "connection refused");
        assertThat(ghost.path("capabilities").isNull()).isTrue();
        assertThat(result.path("structuredContent").path("offline").asInt()).isEqualTo(1);
        assertThat(auditActions()).contains("mcp:list_machines");
    }

    @Test
    void anUnknownMachineIsAToolErrorThatNamesTheEnrolledOnes() throws Exception {
        JsonNode result = call("exec", Map.of("machine", "nope", "command", "uptime"));

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(text(result)).isEqualTo("error: unknown machine \"nope\" (enrolled: ghost)");
        assertThat(auditActions()).contains("mcp:exec");
    }

    @Test
    void anUnreachableAgentIsAToolErrorThatSaysWhatToCheck() throws Exception {
        for (String tool : List.of("exec", "ping", "system_status", "read_file", "list_files", "write_file", "edit_file")) {
            Map<String, Object> args = new java.util.HashMap<>(Map.of("machine", "ghost"));
            if (tool.equals("exec")) {
                args.put("command", "uptime");
            }
            if (tool.endsWith("_file") || tool.equals("list_files")) {
                args.put("path", "/tmp/x");
            }
            if (tool.equals("write_file")) {
                args.put("content", "x");
            }
            if (tool.equals("edit_file")) {
                args.put("path", "/tmp/x");
                args.put("old_text", "a");
                args.put("new_text", "b");
            }
            JsonNode result = call(tool, args);
            assertThat(result.path("isError").asBoolean()).as(tool).isTrue();
            assertThat(text(result)).as(tool).contains("ghost", "unreachable: connection refused", "meshcp-agent running");
        }
    }

    @Test
    void execManyReportsEachMachineInsteadOfFailingWhole() throws Exception {
        JsonNode result = callOk("exec_many", Map.of("machines", List.of("ghost"), "command", "uptime"));

        JsonNode ghost = result.path("structuredContent").path("results").get(0);
        assertThat(ghost.path("state").asText()).isEqualTo("failed");
        assertThat(ghost.path("error").asText()).contains("connection refused");
        assertThat(result.path("structuredContent").path("failed").asInt()).isEqualTo(1);
    }

    @Test
    void execManyRefusesUnknownNamesBeforeRunningAnything() throws Exception {
        JsonNode result = call("exec_many", Map.of("machines", List.of("ghost", "nope"), "command", "uptime"));

        assertThat(text(result)).isEqualTo("error: unknown machine \"nope\" (enrolled: ghost)");
    }

    @Test
    void argumentsOutOfBoundsOrMisspeltAreExplained() throws Exception {
        assertThat(text(call("exec", Map.of("machine", "ghost", "command", "ls", "wait_seconds", 9999))))
                .isEqualTo("error: argument \"wait_seconds\" must be from 0 to 600 (got 9999)");
        assertThat(text(call("exec", Map.of("machine", "ghost", "cmd", "ls"))))
                .startsWith("error: unknown argument \"cmd\" for exec (expected: command, env, machine,");
        assertThat(text(call("read_file", Map.of("machine", "ghost", "path", "/x", "offset", 3, "start_line", 2))))
                .contains("not both");
    }

    @Test
    void aMalformedOrUnknownJobIdSaysWhatAJobIdIs() throws Exception {
        assertThat(text(call("job_wait", Map.of("job_id", "job-12345678"))))
                .startsWith("error: invalid job id \"job-12345678\": a job id is MACHINE:ID");
        assertThat(text(call("job_output", Map.of("job_id", "nosuch:0123456789ab"))))
                .startsWith("error: unknown machine \"nosuch\"");
        JsonNode jobs = callOk("list_jobs", Map.of());
        assertThat(jobs.path("structuredContent").path("jobs").size()).isZero();
    }

    @Test
    void linesThatAreNotJsonRpcGetErrorsAndTheSessionGoesOn() throws Exception {
        toServer.out.write("this is not json\n[1,2]\n{\"id\":5}\n\n".getBytes(StandardCharsets.UTF_8));
        JsonNode parseError = next();
        JsonNode invalid = next();
        JsonNode invalidWithId = next();

        assertThat(parseError.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(invalid.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(invalidWithId.path("id").asInt()).isEqualTo(5);
        assertThat(callOk("list_jobs", Map.of()).path("structuredContent").has("jobs")).isTrue();
    }

    @Test
    void stdoutCarriesOnlyJsonRpcMessagesThroughFailures() throws Exception {
        call("exec", Map.of("machine", "nope", "command", "x"));
        call("read_file", Map.of("machine", "ghost", "path", "/etc/passwd"));
        call("no_such_tool", Map.of());
        toServer.out.write("garbage\n".getBytes(StandardCharsets.UTF_8));
        next();
        callOk("list_machines", Map.of());

        assertThat(stdout).isNotEmpty().allSatisfy(line -> {
            JsonNode message = JSON.readTree(line);
            assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(message.has("result") || message.has("error") || message.has("method")).isTrue();
        });
    }

    @Test
    void aRequestSentJustBeforeStdinClosesIsStillAnswered() throws Exception {
        int id = nextId++;
        send(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", "list_machines", "arguments", Map.of())));
        toServer.out.close();

        assertThat(response(id).path("result").path("structuredContent").path("machines").size()).isEqualTo(1);
        assertThat(server.awaitInputEnd(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void closingStdinEndsTheSession() throws Exception {
        toServer.out.close();
        assertThat(server.awaitInputEnd(Duration.ofSeconds(10))).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode callOk(String tool, Map<String, Object> arguments) throws Exception {
        JsonNode result = call(tool, arguments);
        assertThat(result.path("isError").asBoolean()).as(tool + ": " + text(result)).isFalse();
        Map<String, Object> schema = outputSchema(tool);
        assertThat(SchemaCheck.violations(schema, JSON.convertValue(result.path("structuredContent"), Object.class)))
                .as(tool + " result against its output schema").isEmpty();
        return result;
    }

    private Map<String, Object> outputSchema(String tool) throws Exception {
        for (JsonNode t : request("tools/list", Map.of()).path("result").path("tools")) {
            if (t.path("name").asText().equals(tool)) {
                return map(t.path("outputSchema"));
            }
        }
        throw new AssertionError("no tool " + tool);
    }

    private JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        JsonNode response = request("tools/call", Map.of("name", tool, "arguments", arguments));
        if (response.has("error")) {
            return JSON.createObjectNode().put("isError", true).set("content", JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("type", "text").put("text", response.path("error").path("message").asText())));
        }
        return response.path("result");
    }

    private static String text(JsonNode result) {
        return result.path("content").get(0).path("text").asText();
    }

    private JsonNode request(String method, Object params) throws Exception {
        int id = nextId++;
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        send(message);
        return response(id);
    }

    private void send(Object message) throws IOException {
        toServer.out.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode response(int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<JsonNode> others = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
                    return m;
                }
                if (m != null) {
                    others.add(m);
                }
            }
        } finally {
            messages.addAll(others);
        }
        throw new AssertionError("no response to request " + id + "; stdout so far: " + stdout);
    }

    private JsonNode next() throws InterruptedException {
        JsonNode m = messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message from the server").isNotNull();
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }

    private List<String> auditActions() throws IOException {
        List<String> actions = new ArrayList<>();
        for (String line : Files.readAllLines(new HubPaths(hub.dataDir()).auditLog())) {
            actions.add(JSON.readTree(line).path("action").asText());
        }
        return actions;
    }

    @SuppressWarnings("unused")
    private static final Set<String> SEED = Set.of("list_machines", "exec", "read_file", "write_file", "list_files", "system_status");
}
