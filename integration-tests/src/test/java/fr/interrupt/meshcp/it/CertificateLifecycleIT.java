package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates over time with the built launchers and one real agent process: a forced renewal, a revoked hub
 * certificate, a CA rotation and its end, the agent answering after each step (restarts: CaRotationTest).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateLifecycleIT {
    @TempDir
    static Path tmp;
    private static TestFleet fleet;
    private static TestFleet.Agent agent;

    @BeforeAll
    static void startFleet() {
        fleet = TestFleet.start(tmp.resolve("fleet"));
        agent = fleet.addAgent("web-1");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static String agentCertificate() throws IOException {
        return Files.readString(agent.dir().resolve("creds/agent.crt"));
    }

    @Test
    @Order(1)
    void aForcedRenewalGivesTheRunningAgentANewCertificate() throws IOException {
        String before = agentCertificate();

        String out = fleet.hub("machines", "renew", "web-1", "--force").assertOk().stdout();

        assertThat(out).contains("web-1: renewed, serial");
        assertThat(agentCertificate()).isNotEqualTo(before);
        assertThat(Files.readString(agent.dir().resolve("creds/agent.crt.previous"))).isEqualTo(before);
        fleet.hub("ping", "web-1").assertOk();
        assertThat(fleet.hub("ca", "status").assertOk().stdout()).containsPattern("(?m)^web-1 .* current$");
    }

    @Test
    @Order(2)
    void aRevokedHubCertificateIsPushedToTheAgentAndTheNewOneWorks() {
        String out = fleet.hub("ca", "revoke-hub").assertOk().stdout();

        assertThat(out).contains("1 of 1 machines refuse the old certificate now.");
        assertThat(Files.exists(agent.dir().resolve("creds/hub-deny-list.pb"))).isTrue();
        fleet.hub("ping", "web-1").assertOk();
    }

    @Test
    @Order(3)
    void aCaRotationMovesTheAgentAndItsEndDropsTheOldCa() {
        assertThat(fleet.hub("ca", "rotate").assertOk().stdout()).contains("1 of 1 machines are on the new CA now.");
        assertThat(fleet.hub("ca", "status").assertOk().stdout()).contains("New CA (rotating):").containsPattern("(?m)^web-1 .* new$");

        assertThat(fleet.hub("ca", "rotate", "--finish").assertOk().stdout()).contains("1 of 1 machines trust only the new CA now.");

        assertThat(fleet.hub("ca", "status").assertOk().stdout()).doesNotContain("New CA").containsPattern("(?m)^web-1 .* current$");
        fleet.hub("ping", "web-1").assertOk();
    }
}
