package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.mcp.jobs.JobRegistry;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.RunningExec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's notifications/cancelled (Esc in Claude Code) stops the command an exec call waits for. */
class CancellationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cancellingAnExecCallKillsItsCommand(@TempDir Path dataDir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
        JobRegistry jobs = new JobRegistry((machine, options, listener) -> {
            started.countDown();
            return new RunningExec() {
                @Override
                public String machine() {
                    return machine;
                }

                @Override
                public CompletableFuture<ExecOutcome> outcome() {
                    return outcome;
                }

                @Override
                public void cancel() {
                    outcome.complete(new ExecOutcome(machine, -1, Duration.ZERO, false, false, true, 0));
                }
            };
        }, Clock.systemUTC(), JobRegistry.Limits.DEFAULT);
        BlockingPipe toServer = new BlockingPipe();
        BlockingPipe fromServer = new BlockingPipe();
        try (Hub hub = Hub.open(dataDir, "mcp:test");
             McpStdioServer server = McpStdioServer.start(toServer.in, fromServer.out, HubHandle.of(hub), jobs)) {
            BufferedReader replies = new BufferedReader(new InputStreamReader(fromServer.in, StandardCharsets.UTF_8));
            send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            replies.readLine();
            send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":\"call-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"exec\","
                    + "\"arguments\":{\"machine\":\"web1\",\"command\":\"sleep 1000\",\"wait_seconds\":600}}}");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            long sent = System.nanoTime();
            send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"call-7\","
                    + "\"reason\":\"user interrupt\"}}");

            JsonNode reply = JSON.readTree(replies.readLine());
            assertThat(reply.path("id").asText()).isEqualTo("call-7");
            assertThat(reply.path("result").path("structuredContent").path("state").asText()).isEqualTo("cancelled");
            assertThat(outcome.join().cancelled()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
            assertThat(server.jobs().list()).as("nothing left to read: the job is not kept").isEmpty();
        }
    }

    private static void send(BlockingPipe pipe, String line) throws Exception {
        pipe.out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
