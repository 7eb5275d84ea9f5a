package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.pki.CertificateProfile;
import fr.interrupt.meshcp.hub.service.PingResult;
import fr.interrupt.meshcp.hub.support.TestAgentServer;
import fr.interrupt.meshcp.hub.support.TestHub.Enrolled;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.testsupport.Ports;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the hub dials a machine, only that machine's own certificate is accepted. */
class AgentIdentityTest {
    @TempDir
    Path dir;
    @TempDir
    Path otherDir;
    TestHub hub;
    TestAgentServer server;

    @BeforeEach
    void open() {
        hub = TestHub.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        hub.close();
    }

    private X509Certificate hubCa() {
        return hub.ca().certificate();
    }

    @Test
    void anAgentPresentingItsOwnCertificateAnswersPing() throws Exception {
        int port = Ports.freePort();
        Enrolled b = hub.enroll("b", "127.0.0.1", port);
        server = TestAgentServer.start(port, b.key().getPrivate(), b.certificate(), hubCa());

        PingResult ping = hub.hub().machines().ping("b");

        assertThat(ping.agentVersion()).isEqualTo("9.9.9-test");
        assertThat(server.pings()).as("a ping on a new connection is sent twice: the second measures the round trip")
                .isEqualTo(2);
        assertThat(CertificateRoles.isOrchestrator(server.clientCertificate()))
                .as("the hub presents its orchestrator certificate").isTrue();
        assertThat(hub.registry().require("b").lastSeen()).isNotNull();
    }

    @Test
    void anAgentPresentingAnotherMachinesCertificateIsRefusedBeforeAnyCall() throws Exception {
        int port = Ports.freePort();
        Enrolled b = hub.enroll("b", "127.0.0.1", port);
        server = TestAgentServer.start(port, b.key().getPrivate(), b.certificate(), hubCa());
        hub.enroll("a", "127.0.0.1", server.port());

        MeshcpException failure = catchThrowableOfType(MeshcpException.class, () -> hub.hub().machines().ping("a"));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(MeshcpException.Kind.REFUSED);
        assertThat(failure.getMessage()).contains("machine \"a\"").contains("is not who it should be")
                .contains("meshcp://agent/b");
        assertThat(server.pings()).as("the handler never ran").isZero();
        assertThat(hub.registry().require("a").lastSeen()).isNull();
    }

    @Test
    void anOldCertificateOfTheSameMachineIsRefusedAfterReEnrollment() throws Exception {
        int port = Ports.freePort();
        Enrolled first = hub.enroll("c", "127.0.0.1", port);
        hub.hub().machines().remove("c");
        hub.enroll("c", "127.0.0.1", port);
        // the reinstalled machine's predecessor still answers at the address with the revoked certificate
        server = TestAgentServer.start(port, first.key().getPrivate(), first.certificate(), hubCa());

        MeshcpException failure = catchThrowableOfType(MeshcpException.class, () -> hub.hub().machines().ping("c"));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("is not who it should be").contains("not the one issued at enrollment");
        assertThat(server.pings()).isZero();
    }

    @Test
    void anAgentWithACertificateFromAnotherCaIsRefusedWithAnActionableMessage() throws Exception {
        KeyPair key = KeyPairs.generateP256();
        X509Certificate foreign;
        X509Certificate foreignCa;
        try (Hub other = Hub.open(otherDir, "other", new TestClock())) {
            CertificateAuthority otherCa = CertificateAuthority.loadOrCreate(new HubPaths(other.dataDir()), new TestClock(),
                    new java.security.SecureRandom());
            foreign = otherCa.issue(CertificateProfile.agent("a"), key.getPublic());
            foreignCa = otherCa.certificate();
        }
        int port = Ports.freePort();
        server = TestAgentServer.start(port, key.getPrivate(), foreign, foreignCa);
        hub.enroll("a", "127.0.0.1", port);

        MeshcpException failure = catchThrowableOfType(MeshcpException.class, () -> hub.hub().machines().ping("a"));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(MeshcpException.Kind.REFUSED);
        assertThat(failure.getMessage()).contains("another CA").contains("re-enroll it with a fresh token")
                .doesNotContain("PKIX");
        assertThat(server.pings()).isZero();
    }
}
