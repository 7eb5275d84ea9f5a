package fr.interrupt.meshcp.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.support.Csrs;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSR is refused before anything is signed or the token is spent. */
class CsrValidationTest {
    @TempDir
    Path dir;
    TestHub hub;

    @BeforeEach
    void open() {
        hub = TestHub.open(dir);
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private IssuedToken token;

    private void enrollWith(String csrPem) {
        token = hub.token("node");
        hub.enrollment().enroll(new EnrollRequest(token.token().id(), token.token().secret(), "node", csrPem,
                "host", "Linux", "amd64", "0.1.0", "127.0.0.1", 7444), InetAddress.getLoopbackAddress());
    }

    private void assertNothingWasSpentOrRecorded() {
        assertThat(hub.hub().tokens().find(token.token().id()).orElseThrow().state(hub.clock().instant()))
                .isEqualTo(TokenState.PENDING);
        assertThat(hub.registry().list()).isEmpty();
    }

    @Test
    void aCsrSignedByAnotherKeyFailsProofOfPossession() {
        String csr = Csrs.signedByAnotherKey(KeyPairs.generateP256(), KeyPairs.generateP256(), "node");

        assertThatThrownBy(() -> enrollWith(csr)).isInstanceOf(MeshcpException.class)
                .hasMessage("the CSR's signature does not match its key");
        assertNothingWasSpentOrRecorded();
    }

    @Test
    void anRsaKeyIsRefused() {
        assertThatThrownBy(() -> enrollWith(Csrs.rsa("node"))).isInstanceOf(MeshcpException.class)
                .hasMessage("the CSR's key must be ECDSA P-256");
        assertNothingWasSpentOrRecorded();
    }

    @Test
    void aP384KeyIsRefused() {
        assertThatThrownBy(() -> enrollWith(Csrs.p384("node"))).isInstanceOf(MeshcpException.class)
                .hasMessage("the CSR's key must be ECDSA P-256");
        assertNothingWasSpentOrRecorded();
    }

    @Test
    void somethingThatIsNotACsrIsRefused() {
        assertThatThrownBy(() -> enrollWith("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .isInstanceOf(MeshcpException.class)
                .hasMessageStartingWith("the CSR cannot be read");
        assertNothingWasSpentOrRecorded();
    }
}
