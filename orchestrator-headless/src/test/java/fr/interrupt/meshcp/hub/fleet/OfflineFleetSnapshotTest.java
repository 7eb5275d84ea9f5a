package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.pki.HubCredentials;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.hub.support.LargeRegistry;
import fr.interrupt.meshcp.hub.support.TestAgentServer;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.testsupport.Ports;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet poll over real mTLS on loopback where most machines refuse connections: those cost a TCP attempt and no
 * channel, and the machines that listen still get the state their TLS handshake earns (online, or another CA's
 * certificate).
 */
class OfflineFleetSnapshotTest {
    private static final int REFUSING = 1_000;

    @TempDir
    static Path dir;
    @TempDir
    static Path otherHubDir;

    private static TestHub enrolling;
    private static TestAgentServer live;
    private static TestAgentServer impostor;
    private static final Set<String> channelsOpened = ConcurrentHashMap.newKeySet();
    private static Hub hub;

    @BeforeAll
    static void fleet() throws Exception {
        enrolling = TestHub.open(dir);
        TestHub.Enrolled web = enrolling.enroll("web-1", "127.0.0.1", Ports.freePort());
        live = TestAgentServer.start(enrolling.registry().require("web-1").port(), web.key().getPrivate(), web.certificate(), web.ca());
        enrolling.enroll("web-2", "127.0.0.1", Ports.freePort());
        try (TestHub other = TestHub.open(otherHubDir)) {
            TestHub.Enrolled foreign = other.enroll("web-2", "127.0.0.1", Ports.freePort());
            // listens where web-2 was enrolled, with a certificate from another hub's CA
            impostor = TestAgentServer.start(enrolling.registry().require("web-2").port(), foreign.key().getPrivate(),
                    foreign.certificate(), web.ca());
        }
        // this JVM's first TLS handshake (class loading, a cold JIT) can take seconds on a loaded machine: done here,
        // through another hub instance, so the poll below does not race it against its ping deadline
        enrolling.hub().machines().ping("web-1");
        LargeRegistry.fill(dir, REFUSING, Ports.freePort());
        hub = Hub.open(dir, "test", enrolling.clock(), countingChannels(enrolling));
    }

    /** The production channel factory, noting each machine it opens a channel to. */
    private static AgentChannelFactory countingChannels(TestHub on) {
        HubCredentials credentials = HubCredentials.loadOrCreate(on.paths(), on.ca(), on.clock());
        TlsChannelFactory tls = new TlsChannelFactory(credentials.orchestratorClient(), MachineRegistry.at(on.paths()));
        return new AgentChannelFactory() {
            @Override
            public ManagedChannel open(Machine machine) {
                channelsOpened.add(machine.name());
                return tls.open(machine);
            }

            @Override
            public CompletableFuture<Void> listening(Machine machine) {
                return tls.listening(machine);
            }

            @Override
            public void close() {
                tls.close();
            }
        };
    }

    @AfterAll
    static void stop() {
        hub.close();
        live.close();
        impostor.close();
        enrolling.close();
    }

    @Test
    void everyMachineIsAnsweredAndOnlyThoseThatListenGetAChannel() {
        Map<String, MachineSnapshot> fleet = hub.machines().snapshot().stream()
                .collect(Collectors.toMap(s -> s.machine().name(), Function.identity()));

        assertThat(fleet).hasSize(REFUSING + 2);
        assertThat(fleet.get("web-1").online()).isTrue();
        assertThat(fleet.get("web-1").roundTrip()).isNotNull();
        assertThat(fleet.get("web-2").online()).isFalse();
        assertThat(fleet.get("web-2").problem()).contains("\"web-2\"").contains("certificate from another CA");
        List<MachineSnapshot> refusing = fleet.values().stream().filter(s -> s.machine().name().startsWith("m")).toList();
        assertThat(refusing).hasSize(REFUSING).allSatisfy(s -> {
            assertThat(s.online()).isFalse();
            assertThat(s.problem()).contains("\"" + s.machine().name() + "\"").contains("unreachable: connection refused");
        });
        assertThat(channelsOpened).containsExactlyInAnyOrder("web-1", "web-2");
    }
}
