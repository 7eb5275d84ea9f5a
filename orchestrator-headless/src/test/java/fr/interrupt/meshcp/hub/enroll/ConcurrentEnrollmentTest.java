package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.EnrollmentClient.Reply;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentEnrollmentTest {
    private static final int CONTENDERS = 50;

    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentEnrollmentsWithOneTokenProduceExactlyOneMachine() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token("contested");
            EnrollmentClient client = hub.client();
            List<EnrollRequest> requests = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                requests.add(EnrollmentClient.request(token.token(), "contested", KeyPairs.generateP256(), "127.0.0.1", 7444));
            }
            List<Reply> replies = postAtOnce(client, requests);

            Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, (long) CONTENDERS - 1));
            assertThat(replies.stream().filter(r -> r.status() != 200).map(Reply::error))
                    .hasSize(CONTENDERS - 1)
                    .allMatch("token already used"::equals);

            assertThat(hub.registry().list()).extracting(m -> m.name()).containsExactly("contested");
            JsonNode tokens = new ObjectMapper().readTree(hub.paths().tokens().toFile());
            Map<String, JsonNode> byId = new java.util.HashMap<>();
            tokens.get("tokens").forEach(t -> byId.put(t.get("id").asText(), t));
            assertThat(byId.get(token.token().id()).get("usedAt").isNull()).as("usedAt recorded in tokens.json").isFalse();
        }
    }

    @Test
    void concurrentEnrollmentsWithSeveralTokensForOneNameEnrollItOnce() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            EnrollmentClient client = hub.client();
            List<EnrollRequest> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(EnrollmentClient.request(hub.token("twin").token(), "twin", KeyPairs.generateP256(), "", 7444));
            }
            List<Reply> replies = postAtOnce(client, requests);

            assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(1);
            // the winner's enrollment revoked every other pending token for the name, in the same locked update
            assertThat(replies.stream().filter(r -> r.status() != 200))
                    .hasSize(requests.size() - 1)
                    .allSatisfy(r -> {
                        assertThat(r.status()).isEqualTo(409);
                        assertThat(r.error()).isEqualTo("token revoked");
                    });
            assertThat(hub.registry().list()).hasSize(1);
        }
    }

    @Test
    void twentyConcurrentEnrollmentsWithTheirOwnTokensAllLandInTheRegistry() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            EnrollmentClient client = hub.client();
            List<EnrollRequest> requests = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "node-" + i;
                names.add(name);
                requests.add(EnrollmentClient.request(hub.token(name).token(), name, KeyPairs.generateP256(), "127.0.0.1", 7000 + i));
            }
            assertThat(postAtOnce(client, requests)).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));

            assertThat(hub.registry().list()).extracting(m -> m.name()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(hub.registry().list()).allSatisfy(m -> assertThat(m.port()).isEqualTo(7000 + Integer.parseInt(m.name().substring(5))));
            assertThat(hub.hub().tokens().list()).allSatisfy(t -> assertThat(t.usedAt()).isNotNull());
        }
    }

    /** Posts every request from its own thread, all released at once, and returns the replies in request order. */
    private static List<Reply> postAtOnce(EnrollmentClient client, List<EnrollRequest> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Reply>> pending = new ArrayList<>();
            for (EnrollRequest request : requests) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return client.post(request);
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : pending) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
