package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built `serve` on its raw stdin/stdout with a real agent over mTLS on loopback (issue 13 item 4):
 * 500 tools/call sent at once are each answered exactly once, and malformed messages get their JSON-RPC
 * errors while the session keeps answering; the server still exits 0 when stdin closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpWireIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONCURRENT_CALLS = 500;

    private TestFleet fleet;
    private Process server;
    private OutputStream stdin;
    private Supplier<String> stderr;
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private int nextId = 1;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        fleet = TestFleet.start(tmp);
        fleet.addAgent("solo");
        ProcessBuilder serve = new ProcessBuilder(Launchers.hubLauncher().toString(), "--data-dir", fleet.dataDir().toString(),
                "serve", "--no-enrollment");
        serve.environment().put("MESHCP_JAVA_OPTS", TestFleet.QUICK_JVM);
        server = serve.start();
        stderr = Launchers.drain(server.getErrorStream());
        stdin = server.getOutputStream();
        Thread reader = new Thread(this::readStdout, "serve-stdout");
        reader.setDaemon(true);
        reader.start();
        int id = nextId++;
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"wire-it\",\"version\":\"1\"}}}");
        until(id);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (server != null) {
                stdin.close();
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("serve exits after stdin closes").isTrue();
                assertThat(server.exitValue()).isZero();
            }
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    @Test
    void fiveHundredToolCallsSentAtOnceAreEachAnsweredExactlyOnce() throws Exception {
        int first = nextId;
        nextId += CONCURRENT_CALLS;
        StringBuilder burst = new StringBuilder();
        for (int id = first; id < first + CONCURRENT_CALLS; id++) {
            burst.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                    .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"ping\",\"arguments\":{\"machine\":\"solo\"}}}\n");
        }
        long started = System.nanoTime();
        stdin.write(burst.toString().getBytes(StandardCharsets.UTF_8));
        stdin.flush();

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
        System.out.println("McpWireIT: " + answers.size() + " of " + CONCURRENT_CALLS + " concurrent tools/call (ping over mTLS) "
                + "answered in " + millis + " ms");
        List<JsonNode> afterwards = ping();

        assertThat(answers).as("stderr: %s", stderr.get()).hasSize(CONCURRENT_CALLS);
        assertThat(answers.values()).containsOnly(1);
        assertThat(afterwards).noneMatch(m -> m.has("id") && m.path("id").asInt() >= first);
    }

    @Test
    void malformedMessagesGetTheirJsonRpcErrorsAndTheSessionGoesOn() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"tools/call\",\"params\":{\"name\":\"list_machines\",\"arguments\":{}}}");
        send("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}");
        send("{\"id\":8001,\"method\":\"ping\"}");
        send("[{\"jsonrpc\":\"2.0\",\"id\":8002,\"method\":\"ping\"}]");
        send("not json");
        List<JsonNode> before = ping();

        assertThat(before).extracting(m -> m.path("id").toString() + " " + m.path("error").path("code").asInt())
                .containsExactly("null -32600", "null -32600", "8001 -32600", "8002 -32600", "null -32700");
        assertThat(server.isAlive()).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    /** Sends a ping request and returns what the server wrote before its answer (which must come). */
    private List<JsonNode> ping() throws Exception {
        int id = nextId++;
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        List<JsonNode> before = until(id);
        JsonNode answer = before.remove(before.size() - 1);
        assertThat(answer.has("result")).as("the session still answers: %s", answer).isTrue();
        return before;
    }

    private List<JsonNode> until(int id) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
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
        throw new AssertionError("no answer to request " + id + " within 60 s; seen: " + seen);
    }

    private void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private void readStdout() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                try {
                    messages.add(JSON.readTree(line));
                } catch (IOException e) {
                    messages.add(JSON.createObjectNode().put("not-json-on-stdout", line));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
