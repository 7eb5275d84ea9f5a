package fr.interrupt.meshcp.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's policy for Claude: which rule applies, what it refuses and how it says so, and its file. */
class PolicyServiceTest {
    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock();
    private PolicyService policy;

    @BeforeEach
    void open() {
        policy = service("cli:alice");
    }

    private PolicyService service(String caller) {
        return new PolicyService(new JsonStateFile<>(dataDir.resolve("mcp-policy.json"), PolicyFile.class, PolicyFile::empty,
                Json.mapper()), new AuditLog(dataDir.resolve("audit.log"), caller, clock, Json.mapper()), clock, caller);
    }

    private PolicyDecision decide(String machine, ToolAccess access, String command, String path) {
        return policy.decide(new ToolRequest("exec", machine, access, command, path));
    }

    @Test
    void aNewHubAllowsEverything() {
        assertThat(decide("db-1", ToolAccess.RUN, "rm -rf /tmp/x", null).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        assertThat(policy.explain("db-1").ruleName()).isEqualTo("the default (no rule matches db-1)");
    }

    @Test
    void anExactNameBeatsAnyGlobAndTheMostSpecificGlobWins() {
        policy.set("*", PolicyMode.ASK);
        policy.set("db-*", PolicyMode.READ_ONLY);
        policy.set("db-prod-*", PolicyMode.ALLOW);
        policy.set("db-1", PolicyMode.ASK);
        assertThat(policy.explain("db-1").rule()).isEqualTo("db-1");
        assertThat(policy.explain("db-prod-3").rule()).isEqualTo("db-prod-*");
        assertThat(policy.explain("db-2").rule()).isEqualTo("db-*");
        assertThat(policy.explain("web-1").rule()).isEqualTo("*");
        assertThat(policy.rules()).extracting(PolicyRule::pattern).containsExactly("db-1", "db-prod-*", "db-*", "*");
    }

    @Test
    void readOnlyRefusesCommandsAndWritesNamingTheRuleAndHowToChangeIt() {
        policy.set("db-*", PolicyMode.READ_ONLY);
        PolicyDecision run = decide("db-1", ToolAccess.RUN, "uptime", null);
        assertThat(run.verdict()).isEqualTo(PolicyDecision.Verdict.REFUSE);
        assertThat(run.reason()).contains("machine 'db-1' is read-only for Claude by the hub policy rule 'db-*'")
                .contains("orchestrator-headless policy set db-* ask").contains("desktop's Policy page");
        assertThat(decide("db-1", ToolAccess.WRITE, null, "/etc/motd").verdict()).isEqualTo(PolicyDecision.Verdict.REFUSE);
        assertThat(decide("db-1", ToolAccess.STOP, null, null).verdict()).isEqualTo(PolicyDecision.Verdict.REFUSE);
        assertThat(decide("db-1", ToolAccess.READ, null, "/etc/motd").verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    @Test
    void askWaitsForCommandsAndWritesButNeverForReadsOrStops() {
        policy.set("web-1", PolicyMode.ASK);
        assertThat(decide("web-1", ToolAccess.RUN, "uptime", null).verdict()).isEqualTo(PolicyDecision.Verdict.ASK);
        assertThat(decide("web-1", ToolAccess.WRITE, null, "/tmp/x").verdict()).isEqualTo(PolicyDecision.Verdict.ASK);
        assertThat(decide("web-1", ToolAccess.READ, null, "/tmp/x").verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        assertThat(decide("web-1", ToolAccess.STOP, null, null).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    @Test
    void deniedCommandsOfEveryMatchingRuleApplyAndTheRefusalNamesTheirRule() {
        policy.set("*", PolicyMode.ALLOW);
        policy.denyCommand("*", "*rm -rf*", false);
        policy.set("web-1", PolicyMode.ALLOW);
        policy.denyCommand("web-1", "systemctl stop *", false);
        PolicyDecision broad = decide("web-1", ToolAccess.RUN, "cd /srv && rm -rf build", null);
        assertThat(broad.verdict()).isEqualTo(PolicyDecision.Verdict.REFUSE);
        assertThat(broad.reason()).contains("denied command '*rm -rf*' of the hub policy rule '*'")
                .contains("policy deny-command * '*rm -rf*' --remove");
        assertThat(decide("web-1", ToolAccess.RUN, "systemctl stop nginx", null).rule()).isEqualTo("web-1");
        assertThat(decide("web-1", ToolAccess.RUN, "systemctl status nginx", null).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);

        policy.denyCommand("web-1", "systemctl stop *", true);
        assertThat(decide("web-1", ToolAccess.RUN, "systemctl stop nginx", null).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    @Test
    void allowedPathsAreComparedComponentByComponentAfterDotDot() {
        policy.set("web-1", PolicyMode.ALLOW);
        policy.allowPath("web-1", "/home/app/", false);
        assertThat(policy.explain("web-1").allowedPaths()).containsExactly("/home/app");
        assertThat(decide("web-1", ToolAccess.READ, null, "/home/app/logs/x.log").verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        assertThat(decide("web-1", ToolAccess.READ, null, "/home/app").verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        PolicyDecision sibling = decide("web-1", ToolAccess.WRITE, null, "/home/app2/x");
        assertThat(sibling.verdict()).isEqualTo(PolicyDecision.Verdict.REFUSE);
        assertThat(sibling.reason()).contains("outside the allowed paths for Claude (/home/app)").contains("rule 'web-1'")
                .contains("policy allow-path web-1 PATH");
        assertThat(decide("web-1", ToolAccess.READ, null, "/home/app/../../etc/shadow").verdict())
                .isEqualTo(PolicyDecision.Verdict.REFUSE);
    }

    @Test
    void aCommandAllowedForAnHourSkipsTheQuestionUntilTheHourIsOver() {
        policy.set("web-1", PolicyMode.ASK);
        TemporaryAllow allow = policy.allowForAnHour("web-1", "systemctl restart nginx");
        assertThat(allow.grantedBy()).isEqualTo("cli:alice");
        assertThat(decide("web-1", ToolAccess.RUN, "systemctl restart nginx", null).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        assertThat(decide("web-1", ToolAccess.RUN, "systemctl restart nginx; reboot", null).verdict())
                .isEqualTo(PolicyDecision.Verdict.ASK);
        assertThat(decide("web-2", ToolAccess.RUN, "systemctl restart nginx", null).verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        clock.advance(Duration.ofMinutes(61));
        assertThat(decide("web-1", ToolAccess.RUN, "systemctl restart nginx", null).verdict()).isEqualTo(PolicyDecision.Verdict.ASK);
        assertThat(policy.temporaryAllows()).isEmpty();
    }

    @Test
    void aTemporaryAllowNeverLiftsReadOnly() {
        policy.set("web-1", PolicyMode.ASK);
        policy.allowForAnHour("web-1", "uptime");
        policy.set("web-1", PolicyMode.READ_ONLY);
        assertThat(decide("web-1", ToolAccess.RUN, "uptime", null).verdict()).isEqualTo(PolicyDecision.Verdict.REFUSE);
    }

    @Test
    void badInputGetsASentenceThatSaysWhatIsExpected() {
        assertThatThrownBy(() -> PolicyMode.parse("readonly")).hasMessage("unknown policy mode \"readonly\": use one of read-only, ask, allow");
        assertThatThrownBy(() -> policy.set("DB_1", PolicyMode.ASK)).hasMessageContaining("invalid machine pattern \"DB_1\"")
                .hasMessageContaining("e.g. db-1, db-*, *");
        assertThatThrownBy(() -> policy.denyCommand("db-*", "*reboot*", false))
                .hasMessage("no policy rule for 'db-*'; create it first with `orchestrator-headless policy set db-* MODE` "
                        + "(read-only, ask, allow)")
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.NOT_FOUND));
        policy.set("db-*", PolicyMode.ASK);
        assertThatThrownBy(() -> policy.allowPath("db-*", "var/log", false)).hasMessage("path \"var/log\" must be absolute (start with /)");
        assertThatThrownBy(() -> policy.unset("web-*")).hasMessageContaining("no policy rule for 'web-*'");
    }

    @Test
    void changesAreAuditedWithWhoMadeThem() throws Exception {
        policy.set("db-*", PolicyMode.READ_ONLY);
        policy.unset("db-*");
        List<String> lines = Files.readAllLines(dataDir.resolve("audit.log"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"caller\":\"cli:alice\"").contains("\"action\":\"policy-set\"").contains("\"mode\":\"read-only\"");
        assertThat(lines.get(1)).contains("\"action\":\"policy-unset\"");
    }

    @Test
    void concurrentWritersFromSeveralServicesLoseNoRule() {
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        IntStream.range(0, 12).forEach(i -> writers.add(CompletableFuture.runAsync(
                () -> service("cli:w" + i).set("m-" + i, i % 2 == 0 ? PolicyMode.ASK : PolicyMode.READ_ONLY))));
        writers.forEach(CompletableFuture::join);
        assertThat(service("cli:reader").rules()).hasSize(12);
    }
}
