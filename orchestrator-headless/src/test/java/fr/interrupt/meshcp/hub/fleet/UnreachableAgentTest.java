package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.AgentErrors;
import fr.interrupt.meshcp.hub.service.MachineStatus;
import fr.interrupt.meshcp.hub.support.TestAgentServer;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.testsupport.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine that does not answer makes ping fail fast with a sentence, never hang. */
class UnreachableAgentTest {
    @TempDir
    Path dir;
    TestHub hub;

    @BeforeEach
    void open() {
        hub = TestHub.open(dir);
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private MeshcpException timedPingFailure(String name, Duration limit) {
        long start = System.nanoTime();
        MeshcpException failure = catchThrowableOfType(MeshcpException.class, () -> hub.hub().machines().ping(name));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).as("ping of %s must fail", name).isNotNull();
        assertThat(elapsed).as("ping of %s failed after %s", name, elapsed).isLessThan(limit);
        return failure;
    }

    @Test
    void aPortNobodyListensOnFailsAtOnceAsConnectionRefused() throws Exception {
        hub.enroll("down", "127.0.0.1", Ports.freePort());

        MeshcpException failure = timedPingFailure("down", Duration.ofSeconds(6));

        assertThat(failure.kind()).isEqualTo(MeshcpException.Kind.UNREACHABLE);
        assertThat(failure.getMessage()).contains("\"down\"").contains("unreachable").contains("connection refused");
    }

    @Test
    void anAddressThatAcceptsButNeverSpeaksTlsFailsWithinTheDeadline() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackhole.accept());
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            }, "blackhole");
            acceptor.setDaemon(true);
            acceptor.start();
            hub.enroll("hole", "127.0.0.1", blackhole.getLocalPort());

            MeshcpException failure = timedPingFailure("hole", Duration.ofSeconds(7));

            assertThat(failure.kind()).isEqualTo(MeshcpException.Kind.UNREACHABLE);
            assertThat(failure.getMessage()).contains("\"hole\"").contains("did not answer in time");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theMachinesViewShowsAnUnreachableMachineOfflineWithTheReason() throws Exception {
        hub.enroll("down", "127.0.0.1", Ports.freePort());

        List<MachineStatus> statuses = hub.hub().machines().statuses();

        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0).online()).isFalse();
        assertThat(statuses.get(0).problem()).contains("connection refused");
    }

    @Test
    void aMachineThatComesBackAnswersTheNextPing() throws Exception {
        int port = Ports.freePort();
        TestHub.Enrolled agent = hub.enroll("flaky", "127.0.0.1", port);
        // each failure leaves the hub's channel in reconnect backoff (grpc waits at least ~0.8 s before its next
        // attempt), so pinging right after the agent is back is the moment a cached channel would still fail fast
        for (int i = 0; i < 3; i++) {
            timedPingFailure("flaky", Duration.ofSeconds(6));
        }

        try (TestAgentServer server = TestAgentServer.start(port, agent.key().getPrivate(), agent.certificate(), agent.ca())) {
            assertThat(hub.hub().machines().ping("flaky").agentVersion()).isEqualTo("9.9.9-test");
        }
    }

    @Test
    void anExceptionTheAgentDidNotHandleReadsAsASentenceThatPointsAtItsLog() {
        Machine machine = new Machine("web-1", "127.0.0.1", 7444, "01", "aa", "vm", "Linux", "amd64", "0.1.0", Instant.EPOCH, null, null, null);
        MeshcpException failure = AgentErrors.translate(
                io.grpc.Status.UNKNOWN.withDescription("Application error processing RPC").asRuntimeException(), machine);
        assertThat(failure.getMessage())
                .isEqualTo("machine \"web-1\" (127.0.0.1:7444) failed while handling this request: its log says why "
                        + "(journalctl -u meshcp-agent, or the terminal running 'meshcp-agent start')")
                .doesNotContain("Application error");
    }
}
