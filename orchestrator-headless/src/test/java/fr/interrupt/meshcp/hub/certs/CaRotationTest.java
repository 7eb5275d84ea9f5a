package fr.interrupt.meshcp.hub.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CA rotation with enrolled agents: calls work before, during and after; the old CA is dropped at the end. */
class CaRotationTest {
    @TempDir
    Path dir;
    @TempDir
    Path creds;
    @TempDir
    Path creds2;
    TestHub hub;
    TlsAgent agent;
    TlsAgent second;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.open(dir);
        agent = TlsAgent.enroll(hub, "web-1", Ports.freePort(), creds);
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        agent.close();
        hub.close();
    }

    @Test
    void machinesMoveToTheNewCaAndKeepWorkingBeforeDuringAndAfter() throws Exception {
        String oldPin = hub.hub().certificates().status().caPin();
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).as("before").isNotEmpty();

        assertThat(hub.hub().certificates().rotate()).singleElement().satisfies(each -> assertThat(each.ok()).isTrue());

        CaStatus during = hub.hub().certificates().status();
        String newPin = during.cas().get(1).pin();
        assertThat(during.cas()).extracting(CaStatus.CaInfo::role).containsExactly("current", "new");
        assertThat(during.cas()).extracting(CaStatus.CaInfo::machines).containsExactly(0, 1);
        assertThat(CaPin.of(Pem.readCertificate(agent.files().caCertificate()))).as("the agent's certificate is from the new CA")
                .isEqualTo(newPin);
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).as("during").isNotEmpty();
        // a machine enrolled during the rotation gets the old CA, then moves at the next upkeep
        second = TlsAgent.enroll(hub, "web-2", Ports.freePort(), creds2);
        hub.hub().certificates().maintain();
        assertThat(hub.hub().certificates().status().cas().get(1).machines()).isEqualTo(2);

        assertThat(hub.hub().certificates().finishRotation(false)).allSatisfy(each -> assertThat(each.ok()).isTrue());

        CaStatus after = hub.hub().certificates().status();
        assertThat(after.cas()).singleElement().satisfies(info -> assertThat(info.pin()).isEqualTo(newPin));
        assertThat(after.caPin()).isNotEqualTo(oldPin);
        assertThat(CaPin.of(Pem.readCertificate(hub.paths().caCertificate()))).isEqualTo(newPin);
        assertThat(Files.exists(hub.paths().caKey().resolveSibling("next.key"))).isFalse();
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).as("after").isNotEmpty();
        assertThat(hub.hub().machines().ping("web-2").agentVersion()).isNotEmpty();
        agent.stop();
        agent.start();
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).as("after an agent restart").isNotEmpty();
        assertThat(hub.hub().certificates().currentCertificate("web-1").orElseThrow().trustedPins())
                .as("the agent dropped the old CA").containsExactly(newPin);
    }

    @Test
    void finishingWaitsForEveryMachineUnlessForced() throws Exception {
        agent.stop();
        hub.hub().certificates().rotate();

        MeshcpException refused = catchThrowableOfType(MeshcpException.class, () -> hub.hub().certificates().finishRotation(false));

        assertThat(refused.kind()).isEqualTo(MeshcpException.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("web-1 still has a certificate from the old CA").contains("--force");
        assertThat(hub.hub().certificates().status().rotating()).isTrue();
        agent.start();
        assertThat(hub.hub().certificates().finishRotation(false)).singleElement().satisfies(each -> assertThat(each.ok()).isTrue());
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).isNotEmpty();
    }

    @Test
    void aProgramStartedBeforeTheRotationFinishedRefusesTokensUntilRestarted() throws Exception {
        fr.interrupt.meshcp.hub.tokens.IssuedToken early = hub.hub().tokens().create("web-4", java.time.Duration.ofHours(1));
        hub.hub().certificates().rotate();
        hub.hub().certificates().finishRotation(false);
        String newPin = hub.hub().certificates().status().caPin();

        // this hub was opened before: its tokens would carry the old CA's pin, its enrollments the old CA's signature
        MeshcpException refused = catchThrowableOfType(MeshcpException.class,
                () -> hub.hub().tokens().create("web-3", java.time.Duration.ofHours(1)));

        assertThat(refused.kind()).isEqualTo(MeshcpException.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("'ca rotate --finish'").contains("restart it");
        assertThat(hub.hub().tokens().list()).extracting(fr.interrupt.meshcp.hub.tokens.TokenRecord::machineName).doesNotContain("web-3");
        // an agent enrolling through this program's endpoint is sent to the hub's operator, and keeps its token
        fr.interrupt.meshcp.hub.support.EnrollmentClient.Reply enrolled = hub.client().post(fr.interrupt.meshcp.hub.support.EnrollmentClient
                .request(early.token(), "web-4", fr.interrupt.meshcp.shared.tls.KeyPairs.generateP256(), "127.0.0.1", Ports.freePort()));
        assertThat(enrolled.status()).isEqualTo(500);
        assertThat(enrolled.error()).contains("its operator will find the reason in the hub's log");
        assertThat(hub.hub().tokens().find(early.token().id()).orElseThrow().usedAt()).isNull();
        try (TestHub restarted = TestHub.open(dir)) {
            assertThat(restarted.hub().tokens().create("web-3", java.time.Duration.ofHours(1)).token().caPin()).isEqualTo(newPin);
        }
    }

    @Test
    void aSecondRotationCannotStartWhileOneIsUnderWay() {
        hub.hub().certificates().rotate();

        MeshcpException refused = catchThrowableOfType(MeshcpException.class, () -> hub.hub().certificates().rotate());

        assertThat(refused.kind()).isEqualTo(MeshcpException.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("finish it with 'ca rotate --finish'");
    }
}
