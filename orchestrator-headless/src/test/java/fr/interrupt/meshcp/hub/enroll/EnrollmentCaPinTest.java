package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.TestClock;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
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
            otherPin = other.ca().pin();
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
            assertThat(hub.hub().registry().list()).isEmpty();
            assertThat(Files.exists(hub.hub().paths().auditLog())).as("audit.log has no entry").isFalse();
        }
    }
}
