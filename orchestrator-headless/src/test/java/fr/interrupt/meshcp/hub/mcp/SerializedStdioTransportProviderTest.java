package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transport alone under many concurrent senders: every message is written whole, exactly once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SerializedStdioTransportProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDERS = 64;
    private static final int MESSAGES_PER_SENDER = 40;

    @Test
    void concurrentSendersEachGetEveryMessageWrittenWholeAndOnce() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        BlockingPipe stdin = new BlockingPipe();
        McpServerTransportProvider provider = new SerializedStdioTransportProvider(new JacksonMcpJsonMapper(JSON), JSON,
                stdin.in, stdout);
        List<McpServerSession> session = new ArrayList<>();
        provider.setSessionFactory(transport -> {
            McpServerSession created = new McpServerSession("test", Duration.ofSeconds(10), transport,
                    request -> reactor.core.publisher.Mono.empty(), Map.of(), Map.of());
            session.add(created);
            return created;
        });

        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int m = 0; m < MESSAGES_PER_SENDER; m++) {
                        session.get(0).sendNotification("notifications/message",
                                Map.of("n", sender * MESSAGES_PER_SENDER + m, "padding", "x".repeat(512))).block();
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            senders.add(t);
        }
        long started = System.nanoTime();
        go.countDown();
        for (Thread t : senders) {
            t.join();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("SerializedStdioTransportProviderTest: " + SENDERS * MESSAGES_PER_SENDER + " messages from " + SENDERS
                + " threads in " + millis + " ms, " + failures.get() + " failed");

        Set<Integer> seen = new TreeSet<>();
        int lines = 0;
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode message = JSON.readTree(line);
            seen.add(message.path("params").path("n").asInt());
            lines++;
        }
        assertThat(failures.get()).isZero();
        assertThat(lines).isEqualTo(SENDERS * MESSAGES_PER_SENDER);
        assertThat(seen).hasSize(SENDERS * MESSAGES_PER_SENDER);
        stdin.out.close();
    }
}
