package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's "Enroll a new machine" workflow, with the built launchers, as a user runs it. */
class SeedWorkflowIT {

    @Test
    void tokenEnrollStartPingAndMachinesShowsItOnline(@TempDir Path tmp) throws Exception {
        try (TestFleet fleet = TestFleet.start(tmp)) {
            Launchers.Result created = fleet.hub("token", "create", "web-1", "--ttl", "1h").assertOk();
            assertThat(created.stdout()).contains("| meshcp-agent enroll --orchestrator https://").contains("--token -");
            String token = created.stdout().lines().map(String::trim).filter(l -> l.startsWith("meshcp1.")).findFirst().orElseThrow();

            Path agentDir = tmp.resolve("web-1");
            int port = Launchers.freePort();
            Launchers.Result enrolled = fleet.agentCli("enroll", "--orchestrator", fleet.enrollmentUrl(), "--token", token,
                    "--config", agentDir.resolve("agent.yaml").toString(), "--creds-dir", agentDir.resolve("creds").toString(),
                    "--listen", "127.0.0.1:" + port).assertOk();
            assertThat(enrolled.stdout()).contains("web-1");
            assertThat(Files.getPosixFilePermissions(agentDir.resolve("creds/agent.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(agentDir.resolve("agent.yaml"))).contains("machine_name: web-1");

            TestFleet.Agent agent = fleet.new Agent("web-1", agentDir, port).start();

            Launchers.Result ping = fleet.hub("ping", "web-1").assertOk();
            assertThat(ping.stdout()).contains("web-1").contains("online").contains(" ms");

            Launchers.Result machines = fleet.hub("machines").assertOk();
            assertThat(machines.stdout()).contains("NAME").contains("STATUS");
            assertThat(machines.stdout().lines().filter(l -> l.startsWith("web-1")).findFirst().orElseThrow())
                    .contains("127.0.0.1:" + port).contains("online");

            agent.stop();
            long start = System.nanoTime();
            Launchers.Result down = fleet.hub("ping", "web-1");
            assertThat(down.exitCode()).as("unreachable").isEqualTo(5);
            assertThat(down.stderr()).contains("unreachable").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(10.0);
            assertThat(fleet.hub("machines").assertOk().stdout()).containsPattern("web-1 .*offline");
        }
    }

    @Test
    void aTokenIsSingleUse(@TempDir Path tmp) {
        try (TestFleet fleet = TestFleet.start(tmp)) {
            String token = fleet.token("db-1");
            enroll(fleet, tmp.resolve("first"), token).assertOk();
            Launchers.Result second = enroll(fleet, tmp.resolve("second"), token);
            assertThat(second.exitCode()).isNotZero();
            assertThat(second.stderr()).contains("token already used").doesNotContain("\tat ");
        }
    }

    @Test
    void anAgentPinnedToAnotherHubsCaNeverSendsItsToken(@TempDir Path tmp) throws Exception {
        try (TestFleet genuine = TestFleet.start(tmp.resolve("genuine"));
             TestFleet impostor = TestFleet.start(tmp.resolve("impostor"))) {
            String token = genuine.token("app-1");
            Launchers.Result result = genuine.agentCli("enroll", "--orchestrator", impostor.enrollmentUrl(), "--token", token,
                    "--config", tmp.resolve("a/agent.yaml").toString(), "--creds-dir", tmp.resolve("a/creds").toString(),
                    "--listen", "127.0.0.1:" + Launchers.freePort());
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("different CA").contains("fresh token").doesNotContain("PKIX");
            assertThat(Files.exists(tmp.resolve("a/creds/agent.crt"))).isFalse();
            // the impostor hub never received a request: nothing was audited there
            Path impostorAudit = impostor.dataDir().resolve("audit.log");
            assertThat(Files.exists(impostorAudit) ? Files.readString(impostorAudit) : "").doesNotContain("enroll");
            // and the genuine token is still unused
            assertThat(genuine.hub("token", "list").assertOk().stdout()).contains("pending");
        }
    }

    private static Launchers.Result enroll(TestFleet fleet, Path dir, String token) {
        return fleet.agentCli("enroll", "--orchestrator", fleet.enrollmentUrl(), "--token", token,
                "--config", dir.resolve("agent.yaml").toString(), "--creds-dir", dir.resolve("creds").toString(),
                "--listen", "127.0.0.1:" + Launchers.freePort());
    }
}
