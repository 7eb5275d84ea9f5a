package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built `serve` driven through its raw stdin/stdout, as Claude Code does: every stdout line must
 * be a JSON-RPC message through a session full of failures, it starts fast even with no reachable
 * machine, says on stderr when the enrollment port is taken, and exits 0 when stdin closes.
 */
class McpStdioIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stdoutCarriesOnlyJsonRpcThroughAFailingSessionAndTheServerExitsWhenStdinCloses(@TempDir Path tmp) throws Exception {
        try (TestFleet fleet = TestFleet.start(tmp)) {
            TestFleet.Agent agent = fleet.addAgent("solo");
            int takenPort = Integer.parseInt(fleet.enrollmentUrl().replaceAll(".*:", ""));

            long launched = System.nanoTime();
            Process server = new ProcessBuilder(Launchers.hubLauncher().toString(), "--data-dir", fleet.dataDir().toString(),
                    "serve", "--listen", "127.0.0.1:" + takenPort).start();
            List<String> stdout = Collections.synchronizedList(new ArrayList<>());
            List<String> stderr = Collections.synchronizedList(new ArrayList<>());
            Thread out = collect(server.getInputStream(), stdout);
            Thread err = collect(server.getErrorStream(), stderr);
            OutputStream in = server.getOutputStream();

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            waitFor(stdout, 1);
            long initializeMillis = (System.nanoTime() - launched) / 1_000_000;
            System.out.println("McpStdioIT: launch to initialize answer: " + initializeMillis + " ms");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

            // the user interrupts a running exec (Claude Code sends notifications/cancelled): the remote command dies
            send(in, call(20, "exec", "{\"machine\":\"solo\",\"command\":\"sleep 3173; echo never\",\"wait_seconds\":120}"));
            waitUntil(() -> !processes("sleep 3173").isEmpty());
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":20}}");
            waitFor(stdout, 2);
            assertThat(byId(stdout, 20).path("result").path("structuredContent").path("state").asText()).isEqualTo("cancelled");
            waitUntil(() -> processes("sleep 3173").isEmpty());
            agent.stop();

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            send(in, call(3, "exec", "{\"machine\":\"nope\",\"command\":\"uptime\"}"));
            send(in, call(4, "exec", "{\"machine\":\"solo\",\"command\":\"uptime\"}"));
            send(in, call(5, "read_file", "{\"machine\":\"solo\",\"path\":\"relative/path\"}"));
            send(in, call(6, "exec", "{\"machine\":\"solo\",\"command\":\"x\",\"wait_seconds\":-1}"));
            send(in, call(7, "no_such_tool", "{}"));
            send(in, "this line is not JSON");
            send(in, call(8, "list_machines", "{}"));
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"no/such/method\"}");
            waitFor(stdout, 11);
            in.close();

            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("exits after stdin closes").isTrue();
            assertThat(server.exitValue()).isZero();
            out.join(5000);
            err.join(5000);

            assertThat(stdout).allSatisfy(line -> {
                JsonNode message = JSON.readTree(line);
                assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
                assertThat(message.has("result") || message.has("error")).as(line).isTrue();
            });
            assertThat(byId(stdout, 3).path("result").path("isError").asBoolean()).isTrue();
            assertThat(byId(stdout, 3).path("result").path("content").get(0).path("text").asText())
                    .isEqualTo("error: unknown machine \"nope\" (enrolled: solo)");
            assertThat(byId(stdout, 4).path("result").path("content").get(0).path("text").asText()).contains("unreachable");
            assertThat(byId(stdout, 6).path("result").path("content").get(0).path("text").asText()).contains("wait_seconds");
            assertThat(byId(stdout, 8).path("result").path("structuredContent").path("machines").get(0).path("status").asText())
                    .isEqualTo("offline");
            assertThat(stdout).anySatisfy(line -> assertThat(JSON.readTree(line).path("error").path("code").asInt()).isEqualTo(-32700));
            assertThat(initializeMillis).isLessThan(20_000);
            assertThat(String.join("\n", stderr)).contains("enrollment endpoint not started")
                    .contains("already served by another process of this hub");
        }
    }

    private static List<String> processes(String pattern) {
        try {
            Process pgrep = new ProcessBuilder("pgrep", "-f", pattern).start();
            String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            pgrep.waitFor(10, TimeUnit.SECONDS);
            return out.lines().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static void waitUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static JsonNode byId(List<String> lines, int id) throws IOException {
        for (String line : lines) {
            JsonNode message = JSON.readTree(line);
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
        throw new AssertionError("no response " + id + " in " + lines);
    }

    private static void waitFor(List<String> lines, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(lines.size()).as("responses received: " + lines).isGreaterThanOrEqualTo(count));
    }

    private static Thread collect(java.io.InputStream stream, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
