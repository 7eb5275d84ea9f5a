package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.shared.AgentVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAuthTest {
    @TempDir
    Path temp;

    private AgentFixture agent;

    @BeforeEach
    void start() throws Exception {
        agent = new AgentFixture(temp, Capabilities.DEFAULT);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void orchestratorCanPing() {
        PingResponse pong = agent.blocking().ping(PingRequest.getDefaultInstance());

        assertThat(pong.getMachineName()).isEqualTo(AgentFixture.MACHINE);
        assertThat(pong.getAgentVersion()).isEqualTo(AgentVersion.current());
        assertThat(pong.getUptimeSeconds()).isBetween(0L, 60L);
        assertThat(pong.getHostname()).isNotEmpty();
        assertThat(pong.getOs()).isEqualTo(System.getProperty("os.name"));
        assertThat(pong.getArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(agent.callsThatReachedTheService()).isEqualTo(1);
    }

    @Test
    void anotherAgentsCertificateIsDeniedBeforeAnyHandlerRuns() {
        var stub = AgentServiceGrpc.newBlockingStub(agent.channel(agent.pki().agent("other-agent"))).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> stub.ping(PingRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("caller is not the meshcp orchestrator");
                });
        assertThat(agent.callsThatReachedTheService()).isZero();
    }

    @Test
    void aCertificateFromAnotherCaFailsTheHandshake() {
        TestPki otherCa = TestPki.create("another CA");
        var stub = AgentServiceGrpc.newBlockingStub(agent.channel(otherCa.orchestrator())).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> stub.ping(PingRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(agent.callsThatReachedTheService()).isZero();
    }

    @Test
    void aSelfSignedOrchestratorCertificateFailsTheHandshake() {
        var stub = AgentServiceGrpc.newBlockingStub(agent.channel(TestPki.selfSignedOrchestrator())).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> stub.ping(PingRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(agent.callsThatReachedTheService()).isZero();
    }
}
