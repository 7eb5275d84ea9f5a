package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.EnrollmentClient.Reply;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed guesses are limited to 10 a minute per address and 100 in total; a genuine token holder is never locked out by them. */
class EnrollmentRateLimitTest {
    @TempDir
    Path dir;
    TestHub hub;
    EnrollmentClient client;

    @BeforeEach
    void start() {
        hub = TestHub.open(dir);
        client = hub.client();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Reply guess(IssuedToken token) throws Exception {
        String wrong = EnrollmentToken.generate(new SecureRandom(), token.token().caPin()).secret();
        return client.post(EnrollmentClient.request(new EnrollmentToken(token.token().id(), wrong, token.token().caPin()),
                token.machineName(), KeyPairs.generateP256(), "", 7444));
    }

    private Reply genuine(IssuedToken token) throws Exception {
        return client.post(EnrollmentClient.request(token.token(), token.machineName(), KeyPairs.generateP256(), "", 7444));
    }

    @Test
    void afterTenFailedGuessesWithinAMinuteTheAddressIsRefusedWith429ButAGenuineTokenStillEnrolls() throws Exception {
        IssuedToken token = hub.token("target");
        for (int i = 0; i < 10; i++) {
            assertThat(guess(token).status()).as("guess " + (i + 1)).isEqualTo(401);
        }

        Reply blocked = guess(token);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.error()).isEqualTo("too many failed enrollment attempts from this address; wait a minute");
        assertThat(hub.hub().tokens().find(token.token().id()).orElseThrow().state(hub.clock().instant()))
                .as("a blocked guess is not processed").isEqualTo(TokenState.PENDING);

        assertThat(genuine(token).status()).as("a neighbour behind the same NAT is not locked out").isEqualTo(200);
    }

    @Test
    void theLimitLiftsOnceTheMinuteHasPassed() throws Exception {
        IssuedToken token = hub.token("target");
        for (int i = 0; i < 10; i++) {
            guess(token);
        }
        assertThat(guess(token).status()).isEqualTo(429);

        hub.clock().advance(Duration.ofSeconds(61));

        assertThat(guess(token).status()).isEqualTo(401);
    }

    @Test
    void refusalsOfAGenuineTokenDoNotCountTowardsTheLimit() throws Exception {
        IssuedToken used = hub.token("used");
        assertThat(genuine(used).status()).isEqualTo(200);
        IssuedToken expired = hub.hub().tokens().create("expired", Duration.ofMinutes(1));
        IssuedToken next = hub.token("next");
        hub.clock().advance(Duration.ofMinutes(2));
        for (int i = 0; i < 8; i++) {
            assertThat(genuine(used).error()).isEqualTo("token already used");
            assertThat(genuine(expired).error()).isEqualTo("token expired");
        }

        assertThat(genuine(next).status()).as("16 genuine refusals must not block the address").isEqualTo(200);
    }

    @Test
    void malformedAndOversizedRequestsCountAsFailures() throws Exception {
        IssuedToken token = hub.token("target");
        for (int i = 0; i < 5; i++) {
            assertThat(client.postRaw("not json".getBytes()).status()).isEqualTo(400);
            assertThat(client.postRaw(new byte[17 * 1024]).status()).isEqualTo(413);
        }

        assertThat(client.postRaw("not json".getBytes()).status()).isEqualTo(429);
        assertThat(guess(token).status()).isEqualTo(429);
        assertThat(genuine(token).status()).isEqualTo(200);
    }

    @Test
    void guessesSpreadOverManyAddressesHitTheHubWideBudget() throws Exception {
        fr.interrupt.meshcp.testsupport.TestClock clock = hub.clock();
        FailureRateLimiter limiter = new FailureRateLimiter(10, 100, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 100; i++) {
            java.net.InetAddress source = java.net.InetAddress.getByAddress(new byte[] {10, 0, (byte) (i / 200), (byte) (i % 200 + 1)});
            assertThat(limiter.blocked(source)).as("guess " + (i + 1)).isEmpty();
            limiter.recordFailure(source);
        }

        java.net.InetAddress fresh = java.net.InetAddress.getByName("192.168.7.7");
        assertThat(limiter.blocked(fresh)).contains("too many failed enrollment attempts at this hub; wait a minute");

        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.blocked(fresh)).isEmpty();
    }
}
