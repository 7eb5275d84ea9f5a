package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.support.Csrs;
import fr.interrupt.meshcp.hub.support.TestAgentServer;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.Ports;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import fr.interrupt.meshcp.hub.cli.InProcessCli.Run;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator-headless command line, run in-process as the launcher runs it. */
class CliTest {
    private static final Pattern TOKEN = Pattern.compile("meshcp1\\.[a-z0-9]{12}\\.[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");

    @TempDir
    Path dir;

    private Run run(String... args) {
        return InProcessCli.on(dir, args);
    }

    private EnrollmentToken createToken(String name) {
        Run created = run("token", "create", name, "--ttl", "1h", "-q");
        assertThat(created.code()).as(created.err()).isZero();
        return EnrollmentToken.parse(created.out().trim());
    }

    private String enrollInProcess(String name) {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token(name);
            var response = hub.enrollment().enroll(new EnrollRequest(token.token().id(), token.token().secret(), name,
                    Csrs.forKey(KeyPairs.generateP256(), name), "h", "Linux", "amd64", "0.1.0", "127.0.0.1",
                    Ports.freePort()), InetAddress.getLoopbackAddress());
            return Pem.certificate(response.certificatePem()).getSerialNumber().toString(16);
        }
    }

    @Test
    void tokenCreatePrintsTheTokenAndTheCommandThatEnrollsTheMachine() throws Exception {
        Run created = run("token", "create", "web-1", "--ttl", "1h");

        assertThat(created.code()).isZero();
        Matcher token = TOKEN.matcher(created.out());
        assertThat(token.find()).as(created.out()).isTrue();
        EnrollmentToken parsed = EnrollmentToken.parse(token.group());
        assertThat(parsed.caPin()).isEqualTo(CaPin.of(Pem.readCertificate(new HubPaths(dir).caCertificate())));
        assertThat(created.out()).containsPattern("(?m)^\\s*echo " + Pattern.quote(token.group())
                + " \\| meshcp-agent enroll --orchestrator https://[^\\s/]+:7443 --token -$");
        assertThat(created.out()).contains("\"web-1\"");
    }

    @Test
    void tokenCreateQuietPrintsOnlyTheToken() {
        Run created = run("token", "create", "web-1", "--ttl", "1h", "-q");

        assertThat(created.code()).isZero();
        assertThat(created.out()).matches(TOKEN.pattern() + "\\R");
    }

    @Test
    void tokenCreateWithAnInvalidNameSaysWhatANameMustBe() {
        Run bad = run("token", "create", "BAD_NAME");

        assertThat(bad.code()).as("usage").isEqualTo(2);
        assertThat(bad.err().lines()).hasSize(1);
        assertThat(bad.err()).startsWith("error: invalid machine name \"BAD_NAME\"");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void tokenCreateWithAnUnknownDurationUnitIsRefused() {
        Run bad = run("token", "create", "web-1", "--ttl", "5y");

        assertThat(bad.code()).as("usage").isEqualTo(2);
        assertThat(bad.err().lines()).hasSize(1);
        assertThat(bad.err()).startsWith("error: invalid duration");
    }

    @Test
    void tokenListNeverPrintsASecretOrItsHash() {
        EnrollmentToken token = createToken("web-1");

        Run list = run("token", "list");

        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(token.id()).contains("web-1").contains("pending");
        assertThat(list.out()).doesNotContain(token.secret()).doesNotContain(EnrollmentToken.hashSecret(token.secret()));
    }

    @Test
    void aRevokedTokenIsListedAsRevoked() {
        EnrollmentToken token = createToken("web-1");

        Run revoke = run("token", "revoke", token.id());
        Run list = run("token", "list");

        assertThat(revoke.code()).isZero();
        assertThat(list.out().lines().filter(l -> l.startsWith(token.id())).findFirst().orElseThrow()).contains("revoked");
    }

    @Test
    void revokingAnUnknownTokenSaysSo() {
        Run revoke = run("token", "revoke", "zzzzzzzzzzzz");

        assertThat(revoke.code()).as("not found").isEqualTo(3);
        assertThat(revoke.err()).isEqualTo("error: unknown token \"zzzzzzzzzzzz\"; see the ids with: token list" + System.lineSeparator());
    }

    @Test
    void pingOfAnUnknownMachineSaysItIsUnknown() {
        Run ping = run("ping", "unknown");

        assertThat(ping.code()).as("not found").isEqualTo(3);
        assertThat(ping.err().lines()).hasSize(1);
        assertThat(ping.err()).startsWith("error: unknown machine \"unknown\" (");
    }

    @Test
    void machinesOnAnEmptyHubSaysHowToStart() {
        Run machines = run("machines");

        assertThat(machines.code()).isZero();
        assertThat(machines.out()).contains("No machines enrolled yet").contains("token create NAME");
    }

    @Test
    void machinesListsAnEnrolledMachineThatDoesNotAnswerAsOffline() {
        enrollInProcess("quiet");

        Run machines = run("machines");

        assertThat(machines.code()).isZero();
        assertThat(machines.out().lines().filter(l -> l.startsWith("quiet")).findFirst().orElseThrow()).contains("offline");
        assertThat(machines.out()).as("why it is offline, as ping says it")
                .containsPattern("(?m)^  quiet is unreachable: connection refused \\(is meshcp-agent running there\\?\\)$");
    }

    @Test
    void machinesRemoveDeletesTheMachineAndRevokesItsCertificateSerial() throws Exception {
        String serial = enrollInProcess("old");

        Run remove = run("machines", "remove", "old");

        assertThat(remove.code()).as(remove.err()).isZero();
        assertThat(remove.out()).contains(serial);
        JsonNode registry = new ObjectMapper().readTree(new HubPaths(dir).registry().toFile());
        assertThat(registry.get("machines")).isEmpty();
        assertThat(registry.get("revoked")).hasSize(1);
        assertThat(registry.get("revoked").get(0).get("serial").asText()).isEqualTo(serial);
        assertThat(registry.get("revoked").get(0).get("machineName").asText()).isEqualTo("old");
    }

    @Test
    void machinesRemoveOfAnUnknownMachineSaysItIsUnknown() {
        enrollInProcess("known");

        Run remove = run("machines", "remove", "ghost");

        assertThat(remove.code()).as("not found").isEqualTo(3);
        assertThat(remove.err()).isEqualTo("error: unknown machine \"ghost\" (enrolled: known)" + System.lineSeparator());
    }

    @Test
    void aRemovedMachineCanBeGivenANewToken() {
        enrollInProcess("again");
        Run refused = run("token", "create", "again");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("already enrolled");

        run("machines", "remove", "again");

        createToken("again");
    }

    @Test
    void pingOfAMachineThatAnswersPrintsItsRoundTripAndVersion() throws Exception {
        int port = Ports.freePort();
        TestHub.Enrolled agent;
        try (TestHub hub = TestHub.open(dir)) {
            agent = hub.enroll("live", "127.0.0.1", port);
        }
        try (TestAgentServer server = TestAgentServer.start(port, agent.key().getPrivate(), agent.certificate(), agent.ca())) {
            Run ping = run("ping", "live");
            Run machines = run("machines");

            assertThat(ping.code()).as(ping.err()).isZero();
            assertThat(ping.out()).startsWith("live (127.0.0.1:" + port + "): online, ").contains("agent 9.9.9-test");
            assertThat(machines.out().lines().filter(l -> l.startsWith("live")).findFirst().orElseThrow())
                    .contains("online").contains("9.9.9-test");
            assertThat(server.pings()).as("each command opens a new connection and pings twice").isEqualTo(4);
        }
    }

    @Test
    void pingOfAMachineThatDoesNotAnswerFailsWithOneLine() {
        enrollInProcess("silent");

        Run ping = run("ping", "silent");

        assertThat(ping.code()).as("unreachable").isEqualTo(5);
        assertThat(ping.err().lines()).hasSize(1);
        assertThat(ping.err()).startsWith("error: machine \"silent\" (127.0.0.1:").contains("connection refused");
    }

    private IssuedToken enrollWithToken(String name) {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token(name);
            hub.enrollment().enroll(new EnrollRequest(token.token().id(), token.token().secret(), name,
                    Csrs.forKey(KeyPairs.generateP256(), name), "h", "Linux", "amd64", "0.1.0", "127.0.0.1",
                    Ports.freePort()), InetAddress.getLoopbackAddress());
            return token;
        }
    }

    @Test
    void tokenCreateWarnsWhenNoEndpointOfThisHubServesThePort() {
        int port = Ports.freePort();

        Run created = run("token", "create", "web-1", "--address", "10.1.2.3:" + port);

        assertThat(created.code()).isZero();
        assertThat(created.err()).isEqualTo("warning: no enrollment endpoint of this hub is running (port " + port + "): start "
                + "one with 'enroll-server' or 'serve' (or open the desktop app) before the machine enrolls" + System.lineSeparator());
    }

    @Test
    void tokenCreateSaysNothingMoreWhenThisHubServesThePort() {
        try (Hub hub = Hub.open(dir, "test")) {
            EnrollmentServer server = ((EndpointStart.Serving) hub.enrollmentEndpoint()
                    .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))).server();
            try {
                Run created = run("token", "create", "web-1", "--address", "10.1.2.3:" + server.address().getPort());

                assertThat(created.code()).isZero();
                assertThat(created.err()).isEmpty();
                assertThat(created.out()).doesNotContain("only works on this machine");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void tokenCreateSaysWhenSomethingElseHoldsThePort() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run created = run("token", "create", "web-1", "--address", "10.1.2.3:" + other.getLocalPort());

            assertThat(created.code()).isZero();
            assertThat(created.err()).startsWith("warning: port " + other.getLocalPort() + " on this machine is held by ")
                    .contains("tokens from this hub cannot enroll through it");
        }
    }

    @Test
    void tokenCreateSaysALoopbackAddressOnlyWorksOnThisMachine() {
        Run created = run("token", "create", "web-1", "--address", "127.0.0.1:" + Ports.freePort());

        assertThat(created.out()).contains("https://127.0.0.1:")
                .contains("127.0.0.1 only works on this machine; give the address other machines reach this hub at with "
                        + "--address HOST[:PORT]");
    }

    @Test
    void tokenListSaysHowEachFinishedTokenEndedInsteadOfWhenItExpires() {
        EnrollmentToken pending = createToken("waiting");
        EnrollmentToken revoked = createToken("gone");
        run("token", "revoke", revoked.id());
        IssuedToken used = enrollWithToken("used");

        Run list = run("token", "list");

        assertThat(line(list, pending.id())).contains("pending").contains("(in ");
        assertThat(line(list, revoked.id())).contains("revoked just now").doesNotContain("(in ");
        assertThat(line(list, used.token().id())).contains("used just now").doesNotContain("(in ");
    }

    private static String line(Run run, String id) {
        return run.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
    }

    @Test
    void tokenRevokeTakesTheWholeTokenAndNeverEchoesTheSecret() {
        EnrollmentToken token = createToken("web-1");

        Run revoke = run("token", "revoke", token.encode());

        assertThat(revoke.code()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("Revoked token " + token.id()).doesNotContain(token.secret());
        assertThat(line(run("token", "list"), token.id())).contains("revoked");
    }

    @Test
    void revokingTwiceSucceedsAndSaysItWasAlreadyRevoked() {
        EnrollmentToken token = createToken("web-1");
        run("token", "revoke", token.id());

        Run again = run("token", "revoke", token.id());

        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already revoked");
    }

    @Test
    void revokingAUsedTokenSaysItWasUsed() {
        IssuedToken used = enrollWithToken("web-1");

        Run revoke = run("token", "revoke", used.token().encode());

        assertThat(revoke.code()).as("conflict").isNotZero();
        assertThat(revoke.err()).contains("token " + used.token().id() + " was already used: it enrolled machine \"web-1\"")
                .doesNotContain(used.token().secret());
    }
}
