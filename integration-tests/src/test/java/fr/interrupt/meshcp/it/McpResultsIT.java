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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Issue 9's faults, each through a real MCP client (the SDK's, over stdio) against the built `serve` and a real
 * agent on loopback: result sizes as sent, text decoding, CRLF and hard-link-safe edits, a client-side cancel.
 * The exact inputs of the issue: 60,000 NULs, a 60 KB UTF-16 log, ANSI-coloured output, a 100-line log with one
 * invalid byte, a log with a run of NULs, a UTF-16 file with a BOM, a CRLF file edited with \n, a hard-linked file
 * and a bind-mounted one.
 */
class McpResultsIT {
    /** The documented limit of a result as sent (README, OutputCap.RESULT_BUDGET_BYTES). */
    private static final int RESULT_LIMIT = 40_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static TestFleet fleet;
    private static Path files;
    private static RecordingTransport transport;
    private static McpSyncClient client;
    private static final Map<String, Map<String, Object>> outputSchemas = new HashMap<>();

    /** The SDK's stdio transport, remembering the id of the last exec call it sent (the client has no cancel of its own). */
    static final class RecordingTransport extends StdioClientTransport {
        final AtomicReference<Object> lastExec = new AtomicReference<>();

        RecordingTransport(ServerParameters params) {
            super(params, new JacksonMcpJsonMapper(new ObjectMapper()));
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCRequest request && "tools/call".equals(request.method())
                    && "exec".equals(JSON.convertValue(request.params(), Map.class).get("name"))) {
                lastExec.set(request.id());
            }
            return super.sendMessage(message);
        }
    }

    @BeforeAll
    static void startFleetAndServer() throws IOException {
        fleet = TestFleet.start(tmp);
        files = Files.createDirectories(tmp.resolve("files"));
        fleet.addAgent("alpha", "capabilities:\n"
                + "  shell:\n    enabled: true\n    max_timeout_seconds: 600\n"
                + "  files:\n    enabled: true\n    max_file_size_mb: 4\n    allowed_paths: [" + files + "]\n"
                // hard-linked files are refused under allowed_paths unless the owner allows them (edits below use one)
                + "    allow_hard_links: true\n"
                + "  system:\n    enabled: true\n");
        transport = new RecordingTransport(ServerParameters.builder(Launchers.hubLauncher().toString())
                .args("--data-dir", fleet.dataDir().toString(), "serve", "--listen", "127.0.0.1:0").build());
        transport.setStdErrorHandler(line -> { });
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
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

    // ---------------------------------------------------------------- 1. result size as sent

    @Test
    void sixtyThousandNulsAreDescribedAndTheResultFitsTheLimit() throws Exception {
        McpSchema.CallToolResult result = call("exec", Map.of("machine", "alpha", "command", "head -c 60000 /dev/zero"));
        Map<String, Object> exec = structured("exec", result);

        System.out.println("McpResultsIT: exec head -c 60000 /dev/zero sent " + sentBytes(result) + " bytes");
        assertThat(sentBytes(result)).isLessThanOrEqualTo(RESULT_LIMIT);
        assertThat((String) exec.get("stdout")).isEqualTo("[60000 bytes, NUL bytes only: not shown as text]");
        assertThat(((Number) exec.get("stdout_bytes")).longValue()).isEqualTo(60_000);
        assertThat((String) exec.get("note")).contains("binary output").contains("xxd");
    }

    @Test
    void aUtf16LogAndAnsiColouredOutputFitTheLimitAsText() throws Exception {
        Path log = files.resolve("app-utf16.log");
        StringBuilder text = new StringBuilder("\uFEFF");
        for (int i = 1; text.length() < 30_000; i++) {
            text.append("2026-11-29 10:00:00 INFO request ").append(i).append(" served in 3 ms\r\n");
        }
        Files.write(log, text.toString().getBytes(StandardCharsets.UTF_16LE));

        McpSchema.CallToolResult utf16 = call("exec", Map.of("machine", "alpha", "command", "cat " + log));
        Map<String, Object> cat = structured("exec", utf16);
        System.out.println("McpResultsIT: cat of a " + Files.size(log) + "-byte UTF-16 log sent " + sentBytes(utf16) + " bytes");
        assertThat(sentBytes(utf16)).isLessThanOrEqualTo(RESULT_LIMIT);
        assertThat((String) cat.get("stdout")).startsWith("2026-11-29 10:00:00 INFO request 1 served in 3 ms\r\n");
        assertThat((String) cat.get("note")).contains("UTF-16LE").contains("job_output");

        McpSchema.CallToolResult ansi = call("exec", Map.of("machine", "alpha", "command",
                "i=0; while [ $i -lt 2500 ]; do i=$((i+1)); printf '\\033[1;31merror\\033[0m line %d\\n' $i; done"));
        Map<String, Object> coloured = structured("exec", ansi);
        System.out.println("McpResultsIT: " + coloured.get("stdout_bytes") + " bytes of ANSI-coloured output sent " + sentBytes(ansi)
                + " bytes");
        assertThat(sentBytes(ansi)).isLessThanOrEqualTo(RESULT_LIMIT);
        assertThat((String) coloured.get("stdout")).startsWith("error line 1\nerror line 2\n").endsWith("error line 2500\n")
                .doesNotContain("\u001B");
        assertThat((String) coloured.get("note")).contains("ANSI escape");
    }

    @Test
    void aFileReadByBytesStopsWhereTheResultIsFullAndSaysWhereToGoOn() throws Exception {
        Path quoted = Files.writeString(files.resolve("quoted.json"), "{\"k\": \"a\\\"b\"}\n".repeat(8000));

        for (String encoding : List.of("text", "base64")) {
            McpSchema.CallToolResult result = call("read_file", Map.of("machine", "alpha", "path", quoted.toString(),
                    "offset", 0, "max_bytes", 30_000, "encoding", encoding));
            Map<String, Object> read = structured("read_file", result);

            assertThat(sentBytes(result)).as(encoding).isLessThanOrEqualTo(RESULT_LIMIT);
            long next = ((Number) read.get("next_offset")).longValue();
            assertThat(next).as(encoding).isEqualTo(((Number) read.get("bytes_read")).longValue()).isBetween(5_000L, 30_000L);
            assertThat((String) read.get("note")).as(encoding).contains("offset " + next);
        }
    }

    // ---------------------------------------------------------------- 2. text is text

    @Test
    void aLogWithOneInvalidByteNearTheTopIsText() throws Exception {
        byte[] log = lines(100);
        log[50] = (byte) 0xFF;
        Path path = Files.write(files.resolve("invalid-byte.log"), log);

        Map<String, Object> read = ok("read_file", Map.of("machine", "alpha", "path", path.toString()));

        assertThat(read.get("binary")).isEqualTo(false);
        assertThat((String) read.get("content")).contains("\uFFFD").endsWith("worker 100\n");
        assertThat(read.get("total_lines")).isEqualTo(100);
        assertThat((String) read.get("note")).contains("1 invalid byte sequence(s) shown as U+FFFD");
    }

    @Test
    void aLogWithARunOfNulsAfterAnUncleanShutdownIsText() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.writeBytes(lines(20));
        log.writeBytes(new byte[4096]);
        log.writeBytes("boot again\n".getBytes(StandardCharsets.UTF_8));
        Path path = Files.write(files.resolve("unclean.log"), log.toByteArray());

        Map<String, Object> read = ok("read_file", Map.of("machine", "alpha", "path", path.toString()));

        assertThat(read.get("binary")).isEqualTo(false);
        assertThat((String) read.get("content")).contains("worker 20\n[4096 NUL bytes]boot again\n");
    }

    @Test
    void aUtf16FileWithAByteOrderMarkIsReadAsText() throws Exception {
        Path path = Files.write(files.resolve("notes-utf16.txt"), "\uFEFFpremière ligne\r\nseconde ligne\r\n"
                .getBytes(StandardCharsets.UTF_16LE));

        Map<String, Object> whole = ok("read_file", Map.of("machine", "alpha", "path", path.toString()));
        assertThat(whole.get("binary")).isEqualTo(false);
        assertThat(whole.get("content")).isEqualTo("première ligne\r\nseconde ligne\r\n");
        assertThat((String) whole.get("note")).contains("UTF-16LE (byte order mark)");

        Map<String, Object> second = ok("read_file", Map.of("machine", "alpha", "path", path.toString(), "start_line", 2));
        assertThat(second.get("content")).isEqualTo("seconde ligne\r\n");
        assertThat(second.get("eof")).isEqualTo(true);
    }

    // ---------------------------------------------------------------- 3. edits that respect the file

    @Test
    void aMultiLineEditWrittenWithLfMatchesACrlfFileAndKeepsCrlf() throws Exception {
        Path path = Files.writeString(files.resolve("win.ini"), "[core]\r\nname=old\r\nport=80\r\n[end]\r\n");

        Map<String, Object> edited = ok("edit_file", Map.of("machine", "alpha", "path", path.toString(),
                "old_text", "name=old\nport=80\n", "new_text", "name=new\nport=8080\n"));

        assertThat(edited.get("line_ends")).isEqualTo("CRLF");
        assertThat(Files.readString(path)).isEqualTo("[core]\r\nname=new\r\nport=8080\r\n[end]\r\n");
        assertThat(error("edit_file", Map.of("machine", "alpha", "path", path.toString(), "old_text", "absent\nlines\n",
                "new_text", "x"))).contains("was not found").contains("the file uses CRLF line ends");
    }

    @Test
    void writingAHardLinkedFileUpdatesEveryLink() throws Exception {
        Path original = Files.writeString(files.resolve("shared.conf"), "v=1\n");
        Path link = Files.createLink(files.resolve("shared-link.conf"), original);

        Map<String, Object> written = ok("write_file", Map.of("machine", "alpha", "path", original.toString(), "content", "v=2\n"));
        assertThat((String) written.get("written_in_place")).startsWith("written in place (2 links)");
        assertThat(Files.readString(link)).isEqualTo("v=2\n");

        Map<String, Object> edited = ok("edit_file", Map.of("machine", "alpha", "path", link.toString(),
                "old_text", "v=2", "new_text", "v=3"));
        assertThat((String) edited.get("written_in_place")).contains("2 links");
        assertThat(Files.readString(original)).isEqualTo("v=3\n");
        assertThat(Files.isSameFile(original, link)).isTrue();
    }

    @Test
    void writingABindMountedFileUpdatesTheMountedFile() throws Exception {
        Path source = Files.writeString(files.resolve("host.conf"), "mode=a\n");
        Path target = Files.writeString(files.resolve("mounted.conf"), "placeholder\n");
        Process mount = new ProcessBuilder("mount", "--bind", source.toString(), target.toString()).redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "mount --bind of a single file is refused here (" + why.strip() + "): the bind-mount case is not tested");
        try {
            Map<String, Object> written = ok("write_file", Map.of("machine", "alpha", "path", target.toString(),
                    "content", "mode=b\n"));
            assertThat((String) written.get("written_in_place")).startsWith("written in place (bind mount)");
            assertThat(Files.readString(source)).isEqualTo("mode=b\n");
        } finally {
            new ProcessBuilder("umount", target.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- 4. a cancelled call leaves a trace

    @Test
    void aCallTheClientCancelsIsListedAsCancelledWithItsOutput() throws Exception {
        Object before = transport.lastExec.get();
        CompletableFuture<McpSchema.CallToolResult> running = CompletableFuture.supplyAsync(() -> call("exec",
                Map.of("machine", "alpha", "command", "echo partial-7781; sleep 641", "wait_seconds", 120)));
        await().atMost(Duration.ofSeconds(30)).until(() -> transport.lastExec.get() != before
                && jobs().stream().anyMatch(j -> "running".equals(j.get("state")) && ((String) j.get("command")).contains("sleep 641")));
        Object id = transport.lastExec.get();

        transport.sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/cancelled",
                Map.of("requestId", id, "reason", "user pressed Esc"))).block(Duration.ofSeconds(10));

        Map<String, Object> answer = structured("exec", running.get(30, TimeUnit.SECONDS));
        assertThat(answer.get("state")).isEqualTo("cancelled");
        Map<String, Object> listed = jobs().stream().filter(j -> ((String) j.get("command")).contains("sleep 641"))
                .findFirst().orElseThrow();
        assertThat(listed.get("state")).isEqualTo("cancelled");
        assertThat(ok("job_output", Map.of("job_id", listed.get("job_id"))).get("text")).isEqualTo("partial-7781\n");
    }

    // ---------------------------------------------------------------- helpers

    private static List<Map<String, Object>> jobs() {
        return list(ok("list_jobs", Map.of()).get("jobs"));
    }

    private static byte[] lines(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            s.append("2026-11-29T10:00:00 service started worker ").append(i).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the client received of a result, serialized as the server sends it. */
    private static int sentBytes(McpSchema.CallToolResult result) throws Exception {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("content", result.content());
        sent.put("structuredContent", result.structuredContent());
        return JSON.writeValueAsBytes(sent).length;
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
    }

    private static Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        assertThat(result.isError()).as(tool + " " + arguments + ": " + text(result)).isFalse();
        return structured(tool, result);
    }

    private static Map<String, Object> structured(String tool, McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isFalse();
        Map<String, Object> structured = map(result.structuredContent());
        assertThat(SchemaCheck.violations(outputSchemas.get(tool), structured)).as(tool + " result vs output schema").isEmpty();
        return structured;
    }

    private static String error(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        assertThat(result.isError()).as(tool + " should fail: " + text(result)).isTrue();
        return text(result);
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
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
