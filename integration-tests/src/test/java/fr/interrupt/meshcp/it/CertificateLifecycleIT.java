package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates over time with the built launchers and one real agent process (its `start` path serves the
 * certificate service): a forced renewal, a revoked hub certificate, a CA rotation and its end, then a ping. Five
 * CLI runs; the details are tested in-process (CertificateRenewalTest, HubRevocationTest, CaRotationTest, CaCliTest).
 */
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

    private static String creds(String file) throws IOException {
        return Files.readString(agent.dir().resolve("creds").resolve(file));
    }

    @Test
    void renewalRevocationAndRotationReachTheRunningAgent() throws IOException {
        String enrolled = creds("agent.crt");
        String firstCa = creds("ca.crt");

        assertThat(fleet.hub("machines", "renew", "web-1", "--force").assertOk().stdout()).contains("web-1: renewed, serial");
        assertThat(creds("agent.crt")).isNotEqualTo(enrolled);
        assertThat(creds("agent.crt.previous")).isEqualTo(enrolled);

        assertThat(fleet.hub("ca", "revoke-hub").assertOk().stdout()).contains("1 of 1 machines refuse the old certificate now.");
        assertThat(Files.exists(agent.dir().resolve("creds/hub-deny-list.pb"))).isTrue();

        assertThat(fleet.hub("ca", "rotate").assertOk().stdout()).contains("1 of 1 machines are on the new CA now.");
        assertThat(creds("ca.crt")).as("the agent's certificate is from the new CA").isNotEqualTo(firstCa);
        assertThat(fleet.hub("ca", "rotate", "--finish").assertOk().stdout()).contains("1 of 1 machines trust only the new CA now.");
        assertThat(Files.readString(fleet.dataDir().resolve("ca/ca.crt"))).isEqualTo(creds("ca.crt"));

        fleet.hub("ping", "web-1").assertOk();
    }
}
