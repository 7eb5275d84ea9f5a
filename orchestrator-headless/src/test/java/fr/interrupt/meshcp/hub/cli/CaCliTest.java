package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.certs.TlsAgent;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.testsupport.Ports;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code ca status | set-validity | revoke-hub} and {@code machines renew} against one real agent over mTLS. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaCliTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path creds;
    static TestHub hub;
    static TlsAgent agent;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.open(dir);
        agent = TlsAgent.enroll(hub, "web-1", Ports.freePort(), creds);
    }

    @AfterAll
    static void stop() {
        agent.close();
        hub.close();
    }

    @Test
    @Order(1)
    void statusShowsTheCaTheHubCertificateAndEachMachine() {
        InProcessCli.Run run = InProcessCli.on(dir, "ca", "status");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("CA:").contains("expires").contains("New certificates:   last 30 days")
                .contains("Revoked hub certs:  none").contains("Machines:           1 enrolled").contains("web-1");
    }

    @Test
    @Order(2)
    void statusOfAMachineShowsItsCertificateExpiry() {
        InProcessCli.Run run = InProcessCli.on(dir, "status", "web-1");

        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("(?m)^Certificate:  expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(in 29d 23h\\), "
                + "renewal due in 19d 23h$");
    }

    @Test
    @Order(2)
    void aValidityOutOfRangeIsRefusedWithTheRange() {
        InProcessCli.Run run = InProcessCli.on(dir, "ca", "set-validity", "0");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("between 1 and 397 days, not 0");
    }

    @Test
    @Order(3)
    void renewNeedsANameOrAll() {
        InProcessCli.Run run = InProcessCli.on(dir, "machines", "renew");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("give a machine NAME or --all");
    }

    @Test
    @Order(4)
    void renewWithoutForceLeavesAFreshCertificateAndForceRenewsIt() {
        InProcessCli.Run early = InProcessCli.on(dir, "machines", "renew", "web-1");
        assertThat(InProcessCli.on(dir, "ca", "set-validity", "7").out()).contains("last 7 days");
        InProcessCli.Run forced = InProcessCli.on(dir, "machines", "renew", "--all", "--force");

        assertThat(early.code()).isZero();
        assertThat(early.out()).contains("web-1: not due until").contains("--force renews it now");
        assertThat(forced.code()).isZero();
        assertThat(forced.out()).contains("web-1: renewed, serial");
        assertThat(InProcessCli.on(dir, "ping", "web-1").code()).isZero();
    }

    @Test
    @Order(5)
    void revokeHubSaysHowManyMachinesRefuseTheOldCertificate() {
        InProcessCli.Run run = InProcessCli.on(dir, "ca", "revoke-hub");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Revoked the hub's client certificate").contains("1 of 1 machines refuse the old certificate now.");
        assertThat(InProcessCli.on(dir, "ca", "status").out()).contains("deny list version 1");
        assertThat(InProcessCli.on(dir, "ping", "web-1").code()).isZero();
    }
}
