package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine holding a token from one hub never hands it to a hub with another CA. */
class EnrollmentCaPinTest {
    @TempDir
    Path dir;
    @TempDir
    Path otherDir;

    @Test
    void aClientPinnedToAnotherCaFailsTheHandshakeAndTheHubNeverSeesTheToken() throws Exception {
        String otherPin;
        try (Hub other = Hub.open(otherDir, "other", new TestClock())) {
            otherPin = other.caPin();
        }
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token("victim");
            EnrollmentClient pinnedElsewhere = new EnrollmentClient(hub.server().port(), otherPin);

            assertThatThrownBy(() -> pinnedElsewhere.post(
                    EnrollmentClient.request(token.token(), "victim", KeyPairs.generateP256(), "", 7444)))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(PinnedCaTrustManager.CaPinMismatchException.class);

            assertThat(hub.hub().tokens().find(token.token().id()).orElseThrow().state(hub.clock().instant()))
                    .isEqualTo(TokenState.PENDING);
            assertThat(hub.registry().list()).isEmpty();
            assertThat(Files.readAllLines(hub.paths().auditLog())).as("audit.log has only the token's creation")
                    .singleElement().asString().contains("\"action\":\"token-create\"");
        }
    }

    @Test
    void anEnrolledMachineCannotPoseAsTheEnrollmentEndpointToStealTokens() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            TestHub.Enrolled rogue = hub.enroll("rogue", "127.0.0.1", 7444);
            IssuedToken token = hub.token("victim");
            // a server with a genuine certificate from the right CA, but an agent's, not the enrollment endpoint's
            Credential agentCredential = new Credential(rogue.key().getPrivate(), rogue.certificate(), rogue.ca());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(agentCredential.keyManagers(), null, null);
            HttpsServer impostor = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            impostor.setHttpsConfigurator(new HttpsConfigurator(tls));
            AtomicInteger received = new AtomicInteger();
            impostor.createContext("/", exchange -> {
                received.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            impostor.start();
            try {
                EnrollmentClient client = new EnrollmentClient(impostor.getAddress().getPort(), token.token().caPin());

                assertThatThrownBy(() -> client.post(
                        EnrollmentClient.request(token.token(), "victim", KeyPairs.generateP256(), "", 7444)))
                        .isInstanceOf(SSLHandshakeException.class)
                        .hasStackTraceContaining("not a meshcp enrollment server certificate");
                assertThat(received).as("the token was never sent").hasValue(0);
            } finally {
                impostor.stop(0);
            }
        }
    }
}
