package fr.interrupt.meshcp.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.FakeHub;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.TestPki;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ConfigLoader;
import fr.interrupt.meshcp.agent.config.ConfigWriter;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import fr.interrupt.meshcp.agent.enroll.Enrollment;
import fr.interrupt.meshcp.agent.enroll.EnrollmentClient;
import fr.interrupt.meshcp.shared.AgentVersion;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollCommandTest {
    @TempDir
    Path temp;

    private final TestPki pki = TestPki.create("hub CA");
    private FakeHub hub;
    private Path config;
    private Path creds;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startHub() throws Exception {
        hub = new FakeHub(pki, "web-1");
        config = temp.resolve("etc/meshcp/agent.yaml");
        creds = temp.resolve("etc/meshcp/creds");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private int enroll(String... extra) {
        List<String> args = new ArrayList<>(List.of("enroll", "--config", config.toString(), "--creds-dir", creds.toString()));
        args.addAll(List.of(extra));
        Enrollment enrollment = new Enrollment(new EnrollmentClient(Duration.ofSeconds(2), Duration.ofSeconds(5)), HostFacts.detect());
        picocli.CommandLine cli = AgentCli.create(new PrintWriter(out), new PrintWriter(err), new AgentCli.Services(enrollment, null));
        ((EnrollCommand) cli.getSubcommands().get("enroll").getCommand()).env = environment::get;
        return cli.execute(args.toArray(String[]::new));
    }

    /** The environment the enroll command sees (not this JVM's). */
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    @Test
    void enrollsAndWritesCredentialsAndConfigWithTightPermissions() throws Exception {
        int code = enroll("--orchestrator", hub.url(), "--token", hub.token());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("enrolled as web-1; start the agent with: meshcp-agent start --config " + config + "\n");
        assertThat(mode(creds)).isEqualTo("rwx------");
        assertThat(mode(creds.resolve("agent.key"))).isEqualTo("rw-------");
        assertThat(mode(creds.resolve("agent.crt"))).isEqualTo("rw-r--r--");
        assertThat(mode(creds.resolve("ca.crt"))).isEqualTo("rw-r--r--");
        assertThat(mode(config)).isEqualTo("rw-------");
        assertThat(Files.readString(creds.resolve("agent.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        AgentConfig written = new ConfigLoader().load(config);
        assertThat(written).isEqualTo(new AgentConfig("web-1", ListenAddress.DEFAULT, creds, Capabilities.DEFAULT));
        AgentCredentials loaded = AgentCredentials.load(new CredentialFiles(creds), "web-1");
        assertThat(loaded.ca()).isEqualTo(pki.ca());
        assertThat(Pem.csr(hub.lastRequest().csrPem()).getSubjectPublicKeyInfo().getEncoded())
                .isEqualTo(loaded.certificate().getPublicKey().getEncoded());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void sendsAnEmptyNameSoTheHubUsesTheTokensAndTheMachinesFacts() {
        enroll("--orchestrator", hub.url(), "--token", hub.token());

        var request = hub.lastRequest();
        assertThat(request.name()).isEmpty();
        assertThat(request.tokenId()).hasSize(12);
        assertThat(request.hostname()).isNotEmpty();
        assertThat(request.os()).isEqualTo(System.getProperty("os.name"));
        assertThat(request.arch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(request.agentVersion()).isEqualTo(AgentVersion.current());
        assertThat(request.advertiseHost()).isEmpty();
        assertThat(request.grpcPort()).isEqualTo(7444);
    }

    @Test
    void sendsTheGivenNameAndListenAddress() throws Exception {
        int code = enroll("--orchestrator", hub.url(), "--token", hub.token(), "--name", "web-1", "--listen", "10.1.2.3:9000");

        assertThat(code).isZero();
        assertThat(hub.lastRequest().name()).isEqualTo("web-1");
        assertThat(hub.lastRequest().advertiseHost()).isEqualTo("10.1.2.3");
        assertThat(hub.lastRequest().grpcPort()).isEqualTo(9000);
        assertThat(new ConfigLoader().load(config).listen()).isEqualTo(new ListenAddress("10.1.2.3", 9000));
    }

    @Test
    void aNameOtherThanTheTokensIsRefusedByTheHub() {
        int code = enroll("--orchestrator", hub.url(), "--token", hub.token(), "--name", "db-1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: enrollment refused: token is bound to machine \"web-1\"\n");
        assertThat(creds.resolve("agent.key")).doesNotExist();
        assertThat(config).doesNotExist();
    }

    @Test
    void theHubsErrorIsPrintedInPlainWords() {
        hub.answer(request -> new FakeHub.Answer(410, new EnrollError("token expired")));

        int code = enroll("--orchestrator", hub.url(), "--token", hub.token());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: enrollment refused: token expired\n");
        assertThat(out.toString()).isEmpty();
        assertThat(creds.resolve("agent.key")).doesNotExist();
        assertThat(config).doesNotExist();
    }

    @Test
    void aHubWithAnotherCaNeverReceivesTheToken() throws Exception {
        String tokenOfAnotherHub = new FakeHub(TestPki.create("another CA"), "web-1").token();

        int code = enroll("--orchestrator", hub.url(), "--token", tokenOfAnotherHub);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: the hub at " + hub.url() + " presents a different CA than the one in the token"
                + " (certificate signed by unknown authority). Check the --orchestrator address, or re-enroll with a fresh token from this hub.\n");
        assertThat(hub.requests()).isZero();
        assertThat(creds.resolve("agent.key")).doesNotExist();
    }

    @Test
    void anUnreachableHubIsSaidSo() throws Exception {
        int port = Ports.freePort();

        int code = enroll("--orchestrator", "https://127.0.0.1:" + port, "--token", hub.token());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: cannot reach the hub at https://127.0.0.1:" + port + ": connection refused\n");
    }

    @Test
    void aHubAnsweringWithACertificateForAnotherKeyIsNotBelieved() {
        hub.answer(request -> new FakeHub.Answer(200, new EnrollResponse("web-1", Pem.encode(pki.agent("web-1").certificate()), Pem.encode(pki.ca()))));

        int code = enroll("--orchestrator", hub.url(), "--token", hub.token());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: the hub at " + hub.url() + " answered with a certificate for another key; nothing was written\n");
        assertThat(creds.resolve("agent.key")).doesNotExist();
    }

    @Test
    void aHubAnsweringWithAnotherRoleIsNotBelieved() {
        hub.answer(request -> {
            FakeHub.Answer real = hub.signLikeTheHub(request);
            EnrollResponse response = (EnrollResponse) real.body();
            return new FakeHub.Answer(200, new EnrollResponse("db-9", response.certificatePem(), response.caCertificatePem()));
        });

        int code = enroll("--orchestrator", hub.url(), "--token", hub.token());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: the hub at " + hub.url()
                + " answered with a certificate that is not an agent certificate for db-9; nothing was written\n");
    }

    @Test
    void malformedInputsAreOneLineErrors() {
        assertThat(enroll("--orchestrator", hub.url(), "--token", "not-a-token")).isEqualTo(1);
        assertThat(enroll("--orchestrator", "http://127.0.0.1:7443", "--token", hub.token())).isEqualTo(1);
        assertThat(enroll("--orchestrator", "https://", "--token", hub.token())).isEqualTo(1);
        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token(), "--name", "Bad_Name")).isEqualTo(1);
        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token(), "--listen", "nowhere")).isEqualTo(1);

        assertThat(err.toString().lines().toList()).containsExactly(
                "error: invalid --token: malformed token: expected the whole string printed by 'token create' (meshcp1.<id>.<secret>.<pin>)",
                "error: the hub address must start with https:// (enrollment is always over TLS): expected --orchestrator https://HOST:7443",
                "error: malformed hub address \"https://\": expected --orchestrator https://HOST:7443",
                "error: --name: invalid machine name \"Bad_Name\": use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
                "error: --listen: expected HOST:PORT such as 0.0.0.0:7444 or [::]:7444");
        assertThat(hub.requests()).isZero();
    }

    @Test
    void theTokenCanComeFromStdinSoOtherUsersNeverSeeItInTheProcessList() throws Exception {
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream((hub.token() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        try {
            assertThat(enroll("--orchestrator", hub.url(), "--token", "-")).isZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).startsWith("enrolled as web-1");
    }

    @Test
    void withoutATokenAnywhereTheErrorSaysWhereOneCanCome() {
        assertThat(enroll("--orchestrator", hub.url())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("error: missing --token: pass the token printed by 'token create' on the hub "
                + "(or '--token -' to read it from stdin, or set MESHCP_ENROLL_TOKEN)\n");
        assertThat(hub.requests()).isZero();
    }

    @Test
    void aMissingOptionIsAUsageError() {
        int code = enroll("--token", hub.token());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Missing required option: '--orchestrator=URL' (see meshcp-agent enroll --help)\n");
    }

    @Test
    void anEnrolledMachineIsNotOverwrittenWithoutForce() throws Exception {
        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token())).isZero();
        byte[] key = Files.readAllBytes(creds.resolve("agent.key"));
        err.getBuffer().setLength(0);

        int code = enroll("--orchestrator", hub.url(), "--token", hub.token());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: this machine looks enrolled already: " + config
                + " exists. Pass --force to replace its credentials and agent.yaml (its capabilities and labels are kept).\n");
        assertThat(hub.requests()).isEqualTo(1);
        assertThat(Files.readAllBytes(creds.resolve("agent.key"))).isEqualTo(key);
    }

    @Test
    void forceReplacesTheCredentialsAndKeepsTheCapabilities() throws Exception {
        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token())).isZero();
        byte[] key = Files.readAllBytes(creds.resolve("agent.key"));
        AgentConfig restricted = new AgentConfig("web-1", ListenAddress.DEFAULT, creds,
                Capabilities.DEFAULT.withShell(new ShellConfig(true, 30, List.of("ls"), 16, 8)));
        Files.writeString(config, new ConfigWriter().render(restricted));
        out.getBuffer().setLength(0);

        int code = enroll("--orchestrator", hub.url(), "--token", hub.token(), "--force");

        assertThat(code).isZero();
        assertThat(out.toString()).endsWith("kept the capabilities of the existing " + config + "\n");
        assertThat(Files.readAllBytes(creds.resolve("agent.key"))).isNotEqualTo(key);
        assertThat(new ConfigLoader().load(config).capabilities()).isEqualTo(restricted.capabilities());
    }

    @Test
    void forceStopsOnAConfigThatDoesNotParseInsteadOfWideningItsLimits() throws Exception {
        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token())).isZero();
        Files.writeString(config, Files.readString(config).replace("    max_timeout_seconds:", "    allowed_commandz: [ls]\n    max_timeout_seconds:"));
        byte[] before = Files.readAllBytes(config);
        byte[] key = Files.readAllBytes(creds.resolve("agent.key"));
        err.getBuffer().setLength(0);

        int code = enroll("--orchestrator", hub.url(), "--token", hub.token(), "--force");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("allowed_commandz").contains("Nothing was changed and the token was not used")
                .contains("--reset-config").doesNotContain("Exception");
        assertThat(hub.requests()).isEqualTo(1);
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
        assertThat(Files.readAllBytes(creds.resolve("agent.key"))).isEqualTo(key);
    }

    @Test
    void resetConfigIsTheExplicitWayToWriteTheDefaultsAgain() throws Exception {
        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token())).isZero();
        Files.writeString(config, Files.readString(config).replace("    max_timeout_seconds:", "    allowed_commandz: [ls]\n    max_timeout_seconds:"));

        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token(), "--reset-config")).isEqualTo(1);
        assertThat(err.toString()).contains("--reset-config only applies with --force");

        assertThat(enroll("--orchestrator", hub.url(), "--token", hub.token(), "--force", "--reset-config")).isZero();
        assertThat(new ConfigLoader().load(config).capabilities()).isEqualTo(Capabilities.DEFAULT);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private List<Path> leftovers() throws Exception {
        try (var files = Files.list(creds)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aMalformedTokenFromTheEnvironmentIsBlamedOnTheEnvironmentNotOnTokenOption() {
        environment.put("MESHCP_ENROLL_TOKEN", "not-a-token");

        assertThat(enroll("--orchestrator", hub.url())).isEqualTo(1);

        assertThat(err.toString()).startsWith("error: invalid token in $MESHCP_ENROLL_TOKEN: malformed token")
                .doesNotContain("--token:");
        assertThat(hub.requests()).isZero();
    }

    @Test
    void theTokenCanComeFromTheEnvironment() {
        environment.put("MESHCP_ENROLL_TOKEN", hub.token());

        assertThat(enroll("--orchestrator", hub.url())).isZero();
        assertThat(out.toString()).startsWith("enrolled as web-1");
    }
}
