package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MCP session on the wire (issue 13 item 4): the server in process on pipes, over a real hub whose one
 * machine is a real agent service on in-process gRPC. Hundreds of calls at once are each answered exactly
 * once, and every malformed message gets its JSON-RPC error while the session keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONCURRENT_CALLS = 500;

    private InProcessFleet fleet;
    private McpStdioServer server;
    private BlockingPipe toServer;
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web1", Capabilities.DEFAULT);
        toServer = new BlockingPipe();
        BlockingPipe fromServer = new BlockingPipe();
        server = McpStdioServer.start(toServer.in, fromServer.out, HubHandle.of(fleet.hub()));
        Thread reader = new Thread(() -> readMessages(fromServer), "test-stdout");
        reader.setDaemon(true);
        reader.start();
        int id = nextId.getAndIncrement();
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"wire-test\",\"version\":\"1\"}}}");
        assertThat(lastOf(until(id)).path("result").path("serverInfo").path("name").asText()).isEqualTo("meshcp");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterAll
    void stop() {
        server.close();
        fleet.close();
    }

    @Test
    void fiveHundredToolCallsSentAtOnceAreEachAnsweredExactlyOnce() throws Exception {
        int first = nextId.getAndAdd(CONCURRENT_CALLS);
        StringBuilder burst = new StringBuilder();
        for (int id = first; id < first + CONCURRENT_CALLS; id++) {
            burst.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                    .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"ping\",\"arguments\":{\"machine\":\"web1\"}}}\n");
        }
        long started = System.nanoTime();
        toServer.out.write(burst.toString().getBytes(StandardCharsets.UTF_8));

        Map<Integer, Integer> answers = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answers.size() < CONCURRENT_CALLS && System.nanoTime() < deadline) {
            JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.has("id") && (m.has("result") || m.has("error"))) {
                assertThat(m.path("result").path("isError").asBoolean()).as("answer %s", m).isFalse();
                answers.merge(m.path("id").asInt(), 1, Integer::sum);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("McpWireTest: " + answers.size() + " of " + CONCURRENT_CALLS + " concurrent tools/call answered in "
                + millis + " ms");
        List<JsonNode> afterwards = ping(); // anything still in flight (a duplicate) comes before this answer

        assertThat(answers).hasSize(CONCURRENT_CALLS);
        assertThat(answers.keySet()).allSatisfy(id -> assertThat(id).isBetween(first, first + CONCURRENT_CALLS - 1));
        assertThat(answers.values()).containsOnly(1);
        assertThat(afterwards).noneMatch(m -> m.has("id") && m.path("id").asInt() >= first);
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("id that is an object", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
                        -32600, "null", "\"id\" must be a string or an integer"),
                Arguments.of("id true", "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}",
                        -32600, "null", "\"id\" must be a string or an integer (got true)"),
                Arguments.of("id that is an array", "{\"jsonrpc\":\"2.0\",\"id\":[7],\"method\":\"tools/list\"}",
                        -32600, "null", "\"id\" must be a string or an integer"),
                Arguments.of("id with a fraction", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
                        -32600, "null", "\"id\" must be a string or an integer (got 1.5)"),
                Arguments.of("id null", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
                        -32600, "null", "\"id\" must be a string or an integer (got null)"),
                Arguments.of("no jsonrpc member", "{\"id\":9001,\"method\":\"ping\"}",
                        -32600, "9001", "\"jsonrpc\" is missing"),
                Arguments.of("jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":\"a-9002\",\"method\":\"ping\"}",
                        -32600, "\"a-9002\"", "\"jsonrpc\" must be exactly \"2.0\" (got \"1.0\")"),
                Arguments.of("jsonrpc as a number", "{\"jsonrpc\":2.0,\"id\":9003,\"method\":\"ping\"}",
                        -32600, "9003", "\"jsonrpc\" must be exactly \"2.0\""),
                Arguments.of("method that is a number", "{\"jsonrpc\":\"2.0\",\"id\":9004,\"method\":42}",
                        -32600, "9004", "\"method\" must be a non-empty string (got 42)"),
                Arguments.of("params that are a string", "{\"jsonrpc\":\"2.0\",\"id\":9005,\"method\":\"tools/list\",\"params\":\"x\"}",
                        -32600, "9005", "\"params\" must be an object"),
                Arguments.of("response with result and error", "{\"jsonrpc\":\"2.0\",\"id\":9006,\"result\":{},\"error\":{}}",
                        -32600, "9006", "either \"result\" or \"error\""),
                Arguments.of("empty batch", "[]", -32600, "null", "batches are not supported"),
                Arguments.of("JSON that is not an object", "42", -32600, "null", "must be a JSON object"),
                Arguments.of("line that is not JSON", "{\"jsonrpc\":\"2.0\",\"id\":", -32700, "null", "Parse error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void aMalformedMessageGetsItsJsonRpcErrorAndTheSessionGoesOn(String name, String line, int code, String replyId,
                                                                  String reason) throws Exception {
        send(line);
        List<JsonNode> before = ping();

        assertThat(before).as("what the server wrote for the " + name).hasSize(1);
        JsonNode error = before.get(0);
        assertThat(error.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(error.path("id").toString()).isEqualTo(replyId);
        assertThat(error.path("error").path("code").asInt()).isEqualTo(code);
        assertThat(error.path("error").path("message").asText()).contains(reason).doesNotContain("Exception", "java.");
    }

    @Test
    void eachRequestInABatchIsRefusedUnderItsOwnIdAndNothingRuns() throws Exception {
        send("[{\"jsonrpc\":\"2.0\",\"id\":9101,\"method\":\"tools/call\",\"params\":{\"name\":\"ping\",\"arguments\":{\"machine\":\"web1\"}}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"ping\"}]");
        List<JsonNode> before = ping();

        assertThat(before).extracting(m -> m.path("id").toString()).containsExactly("9101", "\"b\"");
        assertThat(before).allSatisfy(m -> {
            assertThat(m.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(m.path("error").path("message").asText()).contains("batches are not supported");
        });
    }

    @Test
    void aNotificationIsNeverAnsweredEvenForAnUnknownMethod() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/no_such_thing\",\"params\":{}}");

        assertThat(ping()).isEmpty();
    }

    @Test
    void aToolCallWhoseParamsTheSdkCannotReadIsAnsweredUnderItsIdAndTheSessionGoesOn() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":9201,\"method\":\"tools/call\",\"params\":[1,2]}");
        List<JsonNode> before = ping();

        assertThat(before).hasSize(1);
        assertThat(before.get(0).path("id").asInt()).isEqualTo(9201);
        assertThat(before.get(0).path("error").path("code").asInt()).isNegative();
    }

    @Test
    void aLineLargerThanTheLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        byte[] huge = new byte[JsonRpcInputGuard.MAX_LINE_BYTES + 1024];
        Arrays.fill(huge, (byte) 'x');
        huge[huge.length - 1] = '\n';
        toServer.out.write(huge);
        List<JsonNode> before = ping();

        assertThat(before).hasSize(1);
        assertThat(before.get(0).path("id").isNull()).isTrue();
        assertThat(before.get(0).path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(before.get(0).path("error").path("message").asText()).contains("larger than");
    }

    // ---------------------------------------------------------------- helpers

    /** Sends a ping request and returns what the server wrote before its answer (which must come). */
    private List<JsonNode> ping() throws Exception {
        int id = nextId.getAndIncrement();
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        List<JsonNode> before = until(id);
        JsonNode answer = before.remove(before.size() - 1);
        assertThat(answer.has("result")).as("the session still answers: %s", answer).isTrue();
        return before;
    }

    /** Every message up to and including the answer to request {@code id}, waiting at most 30 s. */
    private List<JsonNode> until(int id) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            seen.add(m);
            if (m.path("id").isInt() && m.path("id").asInt() == id && (m.has("result") || m.has("error"))) {
                return seen;
            }
        }
        throw new AssertionError("no answer to request " + id + " within 30 s; seen: " + seen);
    }

    private static JsonNode lastOf(List<JsonNode> seen) {
        return seen.get(seen.size() - 1);
    }

    private void send(String line) throws IOException {
        toServer.out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void readMessages(BlockingPipe fromServer) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                try {
                    messages.add(JSON.readTree(line));
                } catch (IOException e) {
                    messages.add(JSON.createObjectNode().put("unparsable", line));
                }
            }
        } catch (IOException ignored) {
            // pipe closed
        }
    }
}
