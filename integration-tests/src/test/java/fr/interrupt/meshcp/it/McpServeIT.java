package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import fr.interrupt.meshcp.testsupport.TestFleet;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MCP client (the SDK's, over stdio) drives the built `orchestrator-headless serve` against
 * a hub with two real agents on loopback: alpha (shell, files under one directory, 1 MiB files)
 * and beta (only echo and uname). Every structured result is checked against its tool's output
 * schema. The last tests stop beta.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static TestFleet fleet;
    private static TestFleet.Agent beta;
    private static Path files;
    private static McpSyncClient client;
    private static long initializeMillis;
    private static final List<String> serverStderr = Collections.synchronizedList(new ArrayList<>());
    private static final List<McpSchema.ProgressNotification> progress = Collections.synchronizedList(new ArrayList<>());
    private static final Map<String, Map<String, Object>> outputSchemas = new HashMap<>();

    @BeforeAll
    static void startFleetAndServer() throws IOException {
        fleet = TestFleet.start(tmp);
        files = Files.createDirectories(tmp.resolve("alpha-files"));
        fleet.addAgent("alpha", "capabilities:\n"
                + "  shell:\n    enabled: true\n    max_timeout_seconds: 600\n"
                + "  files:\n    enabled: true\n    max_file_size_mb: 1\n    allowed_paths: [" + files + "]\n"
                + "  system:\n    enabled: true\n");
        beta = fleet.addAgent("beta", "capabilities:\n"
                + "  shell:\n    enabled: true\n    allowed_commands: [echo, uname]\n"
                + "  files:\n    enabled: true\n"
                + "  system:\n    enabled: true\n");

        ServerParameters server = ServerParameters.builder(Launchers.hubLauncher().toString())
                .args("--data-dir", fleet.dataDir().toString(), "serve", "--listen", "127.0.0.1:0")
                .build();
        StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(serverStderr::add);
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add)
                .build();
        long start = System.nanoTime();
        client.initialize();
        initializeMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("McpServeIT: launch to initialize answer: " + initializeMillis + " ms");
        for (McpSchema.Tool tool : client.listTools().tools()) {
            outputSchemas.put(tool.name(), tool.outputSchema());
        }
    }

    @AfterAll
    static void stopEverything() {
        if (client != null) {
            client.closeGracefully();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    // ---------------------------------------------------------------- lifecycle and tool list

    @Test
    @Order(1)
    void initializeIsAnsweredQuicklyAndNamesTheServer() {
        assertThat(initializeMillis).isLessThan(20_000);
        assertThat(client.getServerInfo().name()).isEqualTo("meshcp");
        assertThat(client.getServerInstructions()).contains("list_machines");
    }

    @Test
    @Order(2)
    void everyToolHasADescriptionAnInputSchemaAndAnOutputSchema() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).contains("list_machines", "exec", "read_file", "write_file",
                "list_files", "system_status", "ping", "exec_many", "job_wait", "job_output", "job_cancel", "list_jobs",
                "edit_file");
        for (McpSchema.Tool tool : tools) {
            assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(80);
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
            assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object");
            assertThat(SchemaCheck.schemaProblems(tool.outputSchema())).as(tool.name()).isEmpty();
            assertThat(SchemaCheck.schemaProblems(tool.inputSchema())).as(tool.name()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- machines

    @Test
    @Order(10)
    void listMachinesShowsBothAgentsOnlineWithTheirCapabilities() {
        // on a loaded machine an agent's status can miss the short deadline once: then problem says so
        List<Map<String, Object>> machines = await().atMost(Duration.ofSeconds(60)).until(
                () -> list(ok("list_machines", Map.of()).get("machines")),
                all -> all.stream().allMatch(m -> m.get("capabilities") != null));

        assertThat(machines).extracting(m -> m.get("name")).containsExactly("alpha", "beta");
        for (Map<String, Object> m : machines) {
            assertThat(m.get("status")).isEqualTo("online");
            assertThat((String) m.get("address")).startsWith("127.0.0.1:");
            assertThat(m.get("last_seen")).isNotNull();
            assertThat(m.get("capabilities")).isNotNull();
        }
        Map<String, Object> alphaFiles = map(map(machines.get(0).get("capabilities")).get("files"));
        assertThat(alphaFiles.get("allowed_paths")).isEqualTo(List.of(files.toString()));
        assertThat(((Number) alphaFiles.get("max_file_size_bytes")).longValue()).isEqualTo(1 << 20);
        Map<String, Object> betaShell = map(map(machines.get(1).get("capabilities")).get("shell"));
        assertThat(betaShell.get("allowed_commands")).isEqualTo(List.of("echo", "uname"));
    }

    @Test
    @Order(11)
    void pingAndSystemStatusDescribeAMachine() {
        Map<String, Object> ping = ok("ping", Map.of("machine", "alpha"));
        assertThat(ping.get("online")).isEqualTo(true);
        assertThat(((Number) ping.get("round_trip_ms")).doubleValue()).isPositive();

        Map<String, Object> status = ok("system_status", Map.of("machine", "alpha"));
        assertThat(status.get("machine")).isEqualTo("alpha");
        assertThat(((Number) map(status.get("memory")).get("total_bytes")).longValue()).isPositive();
        assertThat(list(status.get("disks"))).isNotEmpty();
    }

    @Test
    @Order(12)
    void anUnknownMachineIsAToolErrorThatListsTheEnrolledOnes() {
        for (String tool : List.of("ping", "system_status", "exec", "read_file", "write_file", "list_files")) {
            Map<String, Object> args = new HashMap<>(Map.of("machine", "gamma", "command", "ls", "path", "/tmp", "content", "x"));
            args.keySet().retainAll(inputNames(tool));
            assertThat(error(tool, args)).as(tool).isEqualTo("error: unknown machine \"gamma\" (enrolled: alpha, beta)");
        }
    }

    // ---------------------------------------------------------------- exec

    @Test
    @Order(20)
    void execReturnsExitCodeAndBothStreams() {
        Map<String, Object> result = ok("exec", Map.of("machine", "alpha", "command", "echo out-$GREETING; echo err >&2; exit 3",
                "env", Map.of("GREETING", "hello"), "working_directory", files.toString()));

        assertThat(result.get("state")).isEqualTo("exited");
        assertThat(result.get("exit_code")).isEqualTo(3);
        assertThat(result.get("stdout")).isEqualTo("out-hello\n");
        assertThat(result.get("stderr")).isEqualTo("err\n");
        assertThat((String) result.get("job_id")).as("the agent keeps every command as a job").matches("alpha:[0-9a-f]{12}");
        assertThat(result.get("output_complete")).isEqualTo(true);
    }

    @Test
    @Order(21)
    void theAgentsPolicyRefusalComesThroughAsAToolError() {
        assertThat(error("exec", Map.of("machine", "beta", "command", "cat /etc/hostname")))
                .contains("beta").contains("not in allowed_commands").contains("echo, uname");
        assertThat(ok("exec", Map.of("machine", "beta", "command", "echo allowed")).get("stdout")).isEqualTo("allowed\n");
    }

    @Test
    @Order(22)
    void hugeOutputIsCutToHeadAndTailAndTheRestReadsByOffset() throws Exception {
        Map<String, Object> result = ok("exec", Map.of("machine", "alpha", "command", "seq 1 200000"));
        String stdout = (String) result.get("stdout");

        assertThat(stdout).startsWith("1\n2\n3\n").endsWith("199999\n200000\n").contains("bytes omitted");
        assertThat(result.get("output_complete")).isEqualTo(false);
        assertThat(((Number) result.get("stdout_bytes")).longValue()).isEqualTo(1_288_895);
        assertThat(JSON.writeValueAsString(result).length()).isLessThan(60_000);
        String jobId = (String) result.get("job_id");
        assertThat(jobId).isNotNull();
        assertThat((String) result.get("note")).contains("job_output").contains(jobId);

        String omittedFrom = ((String) result.get("note")).replaceAll(".*\"offset\": (\\d+).*", "$1");
        Map<String, Object> middle = ok("job_output", Map.of("job_id", jobId, "offset", Long.parseLong(omittedFrom), "max_bytes", 20));
        String text = (String) middle.get("text");
        assertThat(text).matches("(?s)\\d+\n.*");
        assertThat(((Number) middle.get("next_offset")).longValue()).isEqualTo(Long.parseLong(omittedFrom) + 20);
        Map<String, Object> end = ok("job_output", Map.of("job_id", jobId, "offset", 1_288_895 - 7));
        assertThat(end.get("text")).isEqualTo("200000\n");
        assertThat(end.get("eof")).isEqualTo(true);
    }

    @Test
    @Order(23)
    void aLongCommandBecomesAJobThatCanBeReadWaitedOnAndCancelled() throws Exception {
        String command = "echo started; sleep 3171; echo never";
        Map<String, Object> started = ok("exec", Map.of("machine", "alpha", "command", command, "wait_seconds", 2));
        assertThat(started.get("state")).isEqualTo("running");
        String jobId = (String) started.get("job_id");
        assertThat(jobId).matches("alpha:[0-9a-f]{12}");
        assertThat((String) started.get("note")).contains("job_wait");
        assertThat(remoteProcesses("sleep 3171")).isNotEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> "started\n".equals(ok("job_output", Map.of("job_id", jobId)).get("text")));
        Map<String, Object> waited = ok("job_wait", Map.of("job_id", jobId, "wait_seconds", 1));
        assertThat(waited.get("state")).isEqualTo("running");
        assertThat(list(ok("list_jobs", Map.of()).get("jobs"))).anySatisfy(j -> assertThat(j.get("job_id")).isEqualTo(jobId));

        Map<String, Object> cancelled = ok("job_cancel", Map.of("job_id", jobId));
        assertThat(cancelled.get("state")).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(15)).until(() -> remoteProcesses("sleep 3171").isEmpty());
    }

    @Test
    @Order(24)
    void progressNotificationsFlowWhenTheClientAsksForThem() {
        progress.clear();
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name("exec")
                .arguments(Map.of("machine", "alpha", "command", "sleep 4; echo done", "wait_seconds", 30))
                .progressToken("progress-1").build());
        assertThat(structured("exec", result).get("stdout")).isEqualTo("done\n");
        assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("progress-1"));
    }

    @Test
    @Order(25)
    void execManyRunsOnEveryMachineAndReportsEach() {
        Map<String, Object> result = ok("exec_many", Map.of("all", true, "command", "echo fleet-hello"));

        assertThat(result.get("succeeded")).isEqualTo(2);
        assertThat(list(result.get("results"))).extracting(r -> r.get("machine")).containsExactly("alpha", "beta");
        assertThat(list(result.get("results"))).allSatisfy(r -> assertThat(r.get("stdout")).isEqualTo("fleet-hello\n"));
    }

    // ---------------------------------------------------------------- files

    @Test
    @Order(30)
    void writeThenReadAndListATextFile() {
        String path = files.resolve("conf/app.conf").toString();
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            content.append("line ").append(i).append('\n');
        }
        Map<String, Object> written = ok("write_file", Map.of("machine", "alpha", "path", path, "content", content.toString(),
                "create_parents", true, "mode", "0640"));
        assertThat(((Number) written.get("bytes_written")).longValue()).isEqualTo(content.length());

        Map<String, Object> whole = ok("read_file", Map.of("machine", "alpha", "path", path));
        assertThat(whole.get("content")).isEqualTo(content.toString());
        assertThat(whole.get("eof")).isEqualTo(true);
        assertThat(whole.get("total_lines")).isEqualTo(50);
        assertThat(whole.get("mode")).isEqualTo("0640");

        Map<String, Object> some = ok("read_file", Map.of("machine", "alpha", "path", path, "start_line", 10, "max_lines", 3));
        assertThat(some.get("content")).isEqualTo("line 10\nline 11\nline 12\n");
        assertThat(some.get("next_start_line")).isEqualTo(13);

        Map<String, Object> bytes = ok("read_file", Map.of("machine", "alpha", "path", path, "offset", 7, "max_bytes", 7));
        assertThat(bytes.get("content")).isEqualTo("line 2\n");
        assertThat(bytes.get("next_offset")).isEqualTo(14);

        ok("exec", Map.of("machine", "alpha", "command", "ln -s app.conf " + files.resolve("conf/link.conf")));
        Map<String, Object> throughLink = ok("read_file", Map.of("machine", "alpha", "path", files.resolve("conf/link.conf").toString(),
                "start_line", 50));
        assertThat(throughLink.get("content")).isEqualTo("line 50\n");
        assertThat(throughLink.get("size")).isEqualTo(content.length());
        assertThat(throughLink.get("total_lines")).isEqualTo(50);
        ok("exec", Map.of("machine", "alpha", "command", "rm " + files.resolve("conf/link.conf")));

        Map<String, Object> listing = ok("list_files", Map.of("machine", "alpha", "path", files.resolve("conf").toString()));
        assertThat(list(listing.get("entries"))).singleElement().satisfies(e -> {
            assertThat(e.get("name")).isEqualTo("app.conf");
            assertThat(e.get("type")).isEqualTo("file");
        });
    }

    @Test
    @Order(31)
    void aBinaryFileIsDescribedNotDumped() {
        byte[] png = new byte[2048];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, png, 0, magic.length);
        String path = files.resolve("pixel.png").toString();
        ok("write_file", Map.of("machine", "alpha", "path", path, "content", Base64.getEncoder().encodeToString(png),
                "encoding", "base64"));

        Map<String, Object> read = ok("read_file", Map.of("machine", "alpha", "path", path));
        assertThat(read.get("binary")).isEqualTo(true);
        assertThat(read.get("type")).isEqualTo("PNG image");
        assertThat(read.get("content")).isEqualTo("");
        assertThat((String) read.get("note")).contains("2048 bytes").contains("base64");

        Map<String, Object> raw = ok("read_file", Map.of("machine", "alpha", "path", path, "encoding", "base64", "max_bytes", 8));
        assertThat(Base64.getDecoder().decode((String) raw.get("content"))).isEqualTo(magic);
    }

    @Test
    @Order(32)
    void fileRefusalsAreExact() {
        assertThat(error("read_file", Map.of("machine", "alpha", "path", "/etc/hostname")))
                .contains("alpha").contains("outside allowed_paths");
        assertThat(error("write_file", Map.of("machine", "alpha", "path", "/tmp/meshcp-not-allowed", "content", "x")))
                .contains("outside allowed_paths");
        String big = Base64.getEncoder().encodeToString(new byte[(1 << 20) + 10]);
        assertThat(error("write_file", Map.of("machine", "alpha", "path", files.resolve("big.bin").toString(), "content", big,
                "encoding", "base64"))).contains("max_file_size");
        assertThat(error("read_file", Map.of("machine", "alpha", "path", files.resolve("missing.txt").toString())))
                .contains("no such file");
        assertThat(error("read_file", Map.of("machine", "alpha", "path", files.toString()))).contains("is a directory");
    }

    @Test
    @Order(33)
    void editFileReplacesExactTextAndRefusesAmbiguity() throws IOException {
        Path file = files.resolve("edit.conf");
        ok("write_file", Map.of("machine", "alpha", "path", file.toString(), "content", "port 80\nport 8080\nname web\n",
                "mode", "0600"));

        assertThat(error("edit_file", Map.of("machine", "alpha", "path", file.toString(), "old_text", "port 80", "new_text", "port 81")))
                .contains("appears 2 times");
        assertThat(error("edit_file", Map.of("machine", "alpha", "path", file.toString(), "old_text", "nope", "new_text", "x")))
                .contains("was not found");
        Map<String, Object> edited = ok("edit_file", Map.of("machine", "alpha", "path", file.toString(),
                "old_text", "port 80\n", "new_text", "port 81\n"));
        assertThat(edited.get("replacements")).isEqualTo(1);
        Map<String, Object> all = ok("edit_file", Map.of("machine", "alpha", "path", file.toString(),
                "old_text", "port", "new_text", "listen", "replace_all", true));
        assertThat(all.get("replacements")).isEqualTo(2);

        assertThat(Files.readString(file)).isEqualTo("listen 81\nlisten 8080\nname web\n");
        assertThat(ok("read_file", Map.of("machine", "alpha", "path", file.toString())).get("mode")).isEqualTo("0600");
    }

    // ---------------------------------------------------------------- audit

    @Test
    @Order(40)
    void everyCallIsInTheAuditLogOnce() throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(fleet.dataDir().resolve("audit.log"))) {
            lines.add(map(JSON.readValue(line, Map.class)));
        }
        assertThat(lines).extracting(l -> l.get("action")).contains("mcp:list_machines", "mcp:ping", "mcp:system_status",
                "mcp:read_file", "mcp:list_files", "mcp:job_output", "mcp:job_cancel", "exec", "write_file");
        assertThat(lines).filteredOn(l -> "exec".equals(l.get("action")) && "echo fleet-hello".equals(l.get("command"))).hasSize(2);
        assertThat(lines).filteredOn(l -> "mcp:exec".equals(l.get("action"))).allSatisfy(l -> assertThat(l.get("error")).isNotNull());
        assertThat(lines).filteredOn(l -> String.valueOf(l.get("action")).startsWith("mcp:"))
                .allSatisfy(l -> assertThat(l.get("caller")).asString().startsWith("mcp:"));
    }

    // ---------------------------------------------------------------- one machine down (keep last)

    @Test
    @Order(90)
    void withOneAgentStoppedFanOutStillAnswersForEachMachine() {
        beta.stop();

        Map<String, Object> result = ok("exec_many", Map.of("machines", List.of("alpha", "beta"), "command", "echo still-here"));
        List<Map<String, Object>> results = list(result.get("results"));
        assertThat(results.get(0).get("stdout")).isEqualTo("still-here\n");
        assertThat(results.get(1).get("state")).isEqualTo("failed");
        assertThat((String) results.get(1).get("error")).contains("beta").contains("unreachable");
        assertThat(result.get("succeeded")).isEqualTo(1);
        assertThat(result.get("failed")).isEqualTo(1);

        assertThat(error("ping", Map.of("machine", "beta"))).contains("unreachable").contains("meshcp-agent");
        List<Map<String, Object>> machines = list(ok("list_machines", Map.of()).get("machines"));
        assertThat(machines.get(1).get("status")).isEqualTo("offline");
        assertThat((String) machines.get(1).get("problem")).contains("unreachable");
    }

    @Test
    @Order(99)
    void theServerLogsOnlyToStderr() {
        assertThat(String.join("\n", serverStderr)).contains("meshcp MCP server on stdio").contains("enrollment endpoint listening");
    }

    // ---------------------------------------------------------------- helpers

    /** Calls a tool that must succeed, checks its structured result against the tool's output schema, returns it. */
    private static Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
        assertThat(result.isError()).as(tool + " " + arguments + ": " + text(result)).isFalse();
        return structured(tool, result);
    }

    private static Map<String, Object> structured(String tool, McpSchema.CallToolResult result) {
        Map<String, Object> structured = map(result.structuredContent());
        assertThat(SchemaCheck.violations(outputSchemas.get(tool), structured)).as(tool + " result vs output schema").isEmpty();
        assertThat(text(result)).as(tool + " text rendering").isNotBlank();
        return structured;
    }

    /** Calls a tool that must fail and returns its error text. */
    private static String error(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
        assertThat(result.isError()).as(tool + " " + arguments + " should fail: " + text(result)).isTrue();
        assertThat(text(result)).doesNotContain("Exception").doesNotContain("\tat ");
        return text(result);
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static java.util.Set<String> inputNames(String tool) {
        for (McpSchema.Tool t : client.listTools().tools()) {
            if (t.name().equals(tool)) {
                return map(t.inputSchema().get("properties")).keySet();
            }
        }
        throw new AssertionError(tool);
    }

    private static List<String> remoteProcesses(String pattern) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-f", pattern).start();
        String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pgrep.waitFor(10, TimeUnit.SECONDS);
        List<String> pids = new ArrayList<>(out.lines().toList());
        pids.remove(String.valueOf(ProcessHandle.current().pid()));
        return pids;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return JSON.convertValue(value, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) (List<?>) JSON.convertValue(value, List.class);
    }
}
