package fr.interrupt.meshcp.hub.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.support.TestAgentServer;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import fr.interrupt.meshcp.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent certificates renew over the mTLS channel the hub dials, and the hub's own renews itself. */
class CertificateRenewalTest {
    @TempDir
    Path dir;
    @TempDir
    Path creds;
    TestHub hub;
    TlsAgent agent;

    /** Time on the hub runs from 2 days 1 hour ago, so that certificates it issues then are due now, and valid now. */
    static final Duration HEAD_START = Duration.ofDays(2).plusHours(1);

    @BeforeEach
    void start() throws Exception {
        TestClock clock = new TestClock(Instant.now().minus(HEAD_START));
        try (TestHub first = TestHub.open(dir, clock)) {
            first.hub().certificates().setLeafValidityDays(3);
        }
        // the hub's client certificate issued with the 30-day default goes: the next open issues a 3-day one
        Files.delete(dir.resolve("hub/orchestrator.crt"));
        hub = TestHub.open(dir, clock);
        agent = TlsAgent.enroll(hub, "web-1", Ports.freePort(), creds);
    }

    @AfterEach
    void stop() {
        agent.close();
        hub.close();
    }

    @Test
    void enrollmentIssuesTheConfiguredValidity() throws Exception {
        X509Certificate cert = agent.certificateOnDisk();

        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3).plusMinutes(5));
    }

    @Test
    void aCertificatePastTwoThirdsOfItsLifeIsRenewedAndCallsGoOnAcrossTheSwap() throws Exception {
        String before = hub.registry().require("web-1").certificateSerial();
        hub.hub().machines().ping("web-1");
        JobStatus job = hub.hub().jobs().start("web-1", ExecOptions.of("sleep 2"));
        CompletableFuture<JobStatus> waiting = hub.hub().jobs().awaitAsync(job.ref(), Duration.ofSeconds(20));

        RenewalOutcome early = hub.hub().certificates().renew("web-1", false);
        hub.clock().advance(HEAD_START);
        RenewalOutcome due = hub.hub().certificates().renew("web-1", false);

        assertThat(early.renewed()).isFalse();
        assertThat(early.note()).isEqualTo("not due yet");
        assertThat(due.renewed()).isTrue();
        assertThat(due.previousSerial()).isEqualTo(before);
        assertThat(due.serial()).isNotEqualTo(before);
        assertThat(hub.registry().require("web-1").certificateSerial()).as("the registry records the new serial").isEqualTo(due.serial());
        assertThat(CertificateAuthority.serialOf(agent.certificateOnDisk())).as("the agent wrote it").isEqualTo(due.serial());
        assertThat(Files.exists(agent.files().certificate().resolveSibling("agent.crt.previous"))).isTrue();
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).as("calls after the swap work").isNotEmpty();
        assertThat(waiting.get(20, TimeUnit.SECONDS).exitCode()).as("a call in flight during the swap ends normally").isZero();
        assertThat(new String(Files.readAllLines(hub.paths().auditLog()).toString())).contains("\"renew\"");
    }

    @Test
    void aCertificateLongerThanTheConfiguredValidityIsReplacedAtTheNextContact() throws Exception {
        hub.hub().certificates().setLeafValidityDays(1);
        // 13 h before real time: the 3-day certificate is not due by age (that is 1 h before now), and a 1-day one
        // issued now is valid in real time
        hub.clock().advance(Duration.ofHours(36));

        RenewalOutcome outcome = hub.hub().certificates().renew("web-1", false);

        assertThat(outcome.renewed()).as("a 3-day certificate when 1 day is the rule (e.g. a 5-year one from before)").isTrue();
        X509Certificate cert = agent.certificateOnDisk();
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(1).plusMinutes(5));
    }

    @Test
    void theRenewedCertificateSurvivesAnAgentRestart() throws Exception {
        RenewalOutcome renewed = hub.hub().certificates().renew("web-1", true);
        agent.stop();
        agent.start();

        assertThat(hub.hub().machines().ping("web-1").agentVersion()).isNotEmpty();
        assertThat(hub.registry().require("web-1").certificateSerial()).isEqualTo(renewed.serial());
    }

    @Test
    void theHubRenewsItsOwnClientCertificateAndAgentsTakeIt() throws Exception {
        String before = hub.hub().certificates().status().hubSerial();
        hub.clock().advance(HEAD_START);

        hub.hub().certificates().maintain();

        CaStatus status = hub.hub().certificates().status();
        assertThat(status.hubSerial()).isNotEqualTo(before);
        assertThat(Pem.readCertificate(hub.paths().hubDir().resolve("orchestrator.crt")).getNotAfter().toInstant())
                .isEqualTo(status.hubNotAfter());
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).isNotEmpty();
        assertThat(status.machines()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("web-1");
            assertThat(row.notAfter()).as("maintain renewed the machine too (its 3 days were past 2/3)").isNotNull();
        });
    }

    @Test
    void anAgentWithoutRenewalGetsASentenceToUpdateIt() throws Exception {
        int port = Ports.freePort();
        TestHub.Enrolled old = hub.enroll("old-1", "127.0.0.1", port);
        try (TestAgentServer server = TestAgentServer.start(port, old.key().getPrivate(), old.certificate(), old.ca())) {
            MeshcpException failure = catchThrowableOfType(MeshcpException.class,
                    () -> hub.hub().certificates().renew("old-1", true));

            assertThat(failure.kind()).isEqualTo(MeshcpException.Kind.REFUSED);
            assertThat(failure.getMessage()).contains("old-1").contains("update the agent to renew its certificate")
                    .doesNotContain("UNIMPLEMENTED").doesNotContain("AgentCertificates");
        }
    }

    @Test
    void aRemovedMachineIsNotRenewed() {
        hub.hub().machines().remove("web-1");

        MeshcpException failure = catchThrowableOfType(MeshcpException.class, () -> hub.hub().certificates().renew("web-1", true));

        assertThat(failure.kind()).isEqualTo(MeshcpException.Kind.NOT_FOUND);
    }
}
