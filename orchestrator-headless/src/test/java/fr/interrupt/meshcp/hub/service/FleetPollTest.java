package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet poll (snapshot, statuses) on real agent services: answers by name, last-seen recorded once and kept. */
class FleetPollTest {
    @TempDir
    Path dataDir;

    private InProcessFleet fleet;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        for (String name : List.of("web-1", "web-2", "web-3", "db-1")) {
            fleet.addAgent(name, Capabilities.DEFAULT, Map.of("role", name.substring(0, name.indexOf('-'))));
        }
        fleet.stopAgent("db-1");
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private Object registryFileKey() throws Exception {
        return Files.readAttributes(new HubPaths(dataDir).registry(), BasicFileAttributes.class).fileKey();
    }

    @Test
    void aSnapshotPingsEveryMachineAndAsksTheOnlineOnesForTheirSystemStatus() {
        List<MachineSnapshot> snapshot = fleet.hub().machines().snapshot();

        assertThat(snapshot).extracting(s -> s.machine().name()).containsExactly("db-1", "web-1", "web-2", "web-3");
        assertThat(snapshot.get(0).online()).isFalse();
        assertThat(snapshot.get(0).problem()).isNotBlank();
        assertThat(snapshot.subList(1, 4)).allSatisfy(s -> {
            assertThat(s.online()).isTrue();
            assertThat(s.system()).isNotNull();
            assertThat(s.machine().lastSeen()).isEqualTo(fleet.clock().instant());
            assertThat(s.machine().agentLabels()).containsEntry("role", "web");
        });
    }

    @Test
    void lastSeenOfEveryAnsweringMachineIsWrittenInOneRegistryWriteAndSurvivesARestart() throws Exception {
        Object before = registryFileKey();
        fleet.hub().machines().statuses();
        Object afterFirstPoll = registryFileKey();
        fleet.clock().advance(Duration.ofSeconds(5));
        fleet.hub().machines().statuses();

        // every write replaces the file: a second poll within 30 s has nothing new to write
        assertThat(afterFirstPoll).isNotEqualTo(before);
        assertThat(registryFileKey()).isEqualTo(afterFirstPoll);
        try (Hub reopened = Hub.open(dataDir, "test", new TestClock())) {
            List<Machine> machines = reopened.machines().list();
            assertThat(machines).extracting(Machine::name).containsExactly("db-1", "web-1", "web-2", "web-3");
            assertThat(machines.get(0).lastSeen()).isNull();
            assertThat(machines.subList(1, 4)).allSatisfy(m -> {
                assertThat(m.lastSeen()).isEqualTo(fleet.clock().instant().minusSeconds(5));
                assertThat(m.agentLabels()).containsEntry("role", "web");
            });
        }
    }

    @Test
    void aMachineEnrolledAfterwardsIsInTheNextPoll() {
        fleet.addAgent("db-2", Capabilities.DEFAULT);
        assertThat(fleet.hub().machines().statuses()).filteredOn(MachineStatus::online).extracting(s -> s.machine().name())
                .containsExactly("db-2", "web-1", "web-2", "web-3");
    }
}
