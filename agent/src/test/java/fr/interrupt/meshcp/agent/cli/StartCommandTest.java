package fr.interrupt.meshcp.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.AgentFixture;
import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.FakeHub;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.TestPki;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.enroll.Enrollment;
import fr.interrupt.meshcp.agent.enroll.EnrollmentClient;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import fr.interrupt.meshcp.testsupport.Ports;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(AgentLauncher launcher, String... args) {
        Enrollment enrollment = new Enrollment(new EnrollmentClient(Duration.ofSeconds(2), Duration.ofSeconds(5)), HostFacts.detect());
        return AgentCli.create(new PrintWriter(out), new PrintWriter(err), new AgentCli.Services(enrollment, launcher)).execute(args);
    }

    @Test
    void aMissingConfigSaysToEnrollFirst() {
        Path config = temp.resolve("agent.yaml");

        int code = run(null, "start", "--config", config.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: " + config + " does not exist: enroll this machine first (meshcp-agent enroll ...), or pass --config FILE\n");
    }

    @Test
    void aConfigErrorIsOneLine() throws Exception {
        Path config = temp.resolve("agent.yaml");
        Files.writeString(config, "machine_name: a\ncapabilities:\n  shell:\n    allowed_command: [ls]\n");

        int code = run(null, "start", "--config", config.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: " + config + ": unknown key capabilities.shell.allowed_command (did you mean allowed_commands?)\n");
    }

    @Test
    void missingCredentialsSayToEnrollFirst() throws Exception {
        Path config = temp.resolve("agent.yaml");
        Path creds = temp.resolve("creds");
        Files.writeString(config, "machine_name: a\ncreds_dir: " + creds + "\n");

        int code = run(null, "start", "--config", config.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: missing " + creds.resolve("agent.key") + ": enroll this machine first (meshcp-agent enroll ...)\n");
    }

    @Test
    void anEnrolledMachineStartsAndServesTheOrchestrator() throws Exception {
        TestPki pki = TestPki.create("hub CA");
        int port = Ports.freePort();
        Path config = temp.resolve("agent.yaml");
        try (FakeHub hub = new FakeHub(pki, "web-1")) {
            assertThat(run(null, "enroll", "--orchestrator", hub.url(), "--token", hub.token(), "--config", config.toString(),
                    "--creds-dir", temp.resolve("creds").toString(), "--listen", "127.0.0.1:" + port)).isZero();
        }
        out.getBuffer().setLength(0);
        AtomicReference<PingResponse> pong = new AtomicReference<>();
        AgentLauncher launcher = new AgentLauncher() {
            @Override
            public AgentRuntime launch(AgentConfig agentConfig, AgentCredentials credentials) throws IOException {
                return AgentRuntime.start(agentConfig, credentials, HostFacts.detect(), Clock.systemUTC());
            }

            @Override
            public void awaitShutdown(AgentRuntime runtime) {
                ManagedChannel channel = AgentFixture.channel(pki, runtime.port(), "web-1", pki.orchestrator());
                try {
                    pong.set(AgentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).ping(PingRequest.getDefaultInstance()));
                } finally {
                    channel.shutdownNow();
                    runtime.close();
                }
            }
        };
        int code = run(launcher, "start", "--config", config.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("meshcp-agent web-1 listening on 127.0.0.1:" + port + "\n");
        assertThat(pong.get().getMachineName()).isEqualTo("web-1");
    }

    @Test
    void aPortInUseIsSaidSo() throws Exception {
        TestPki pki = TestPki.create("hub CA");
        Path config = temp.resolve("agent.yaml");
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")); FakeHub hub = new FakeHub(pki, "web-1")) {
            assertThat(run(null, "enroll", "--orchestrator", hub.url(), "--token", hub.token(), "--config", config.toString(),
                    "--creds-dir", temp.resolve("creds").toString(), "--listen", "127.0.0.1:" + busy.getLocalPort())).isZero();

            int code = run(AgentLauncher.real(HostFacts.detect(), Clock.systemUTC()), "start", "--config", config.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).startsWith("error: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": ")
                    .endsWith(" (is another agent running? change listen_addr in " + config + ")\n");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        int code = run(null);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: missing command: use enroll or start (see meshcp-agent --help)\n");
    }
}
