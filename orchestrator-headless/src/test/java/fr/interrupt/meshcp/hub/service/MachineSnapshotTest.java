package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.testsupport.Ports;
import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.support.TestHub;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet snapshot every face shows: by name, every machine checked, offline ones with the reason. */
class MachineSnapshotTest {
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

    @Test
    void anEmptyFleetIsAnEmptySnapshot() {
        assertThat(hub.hub().machines().snapshot()).isEmpty();
    }

    @Test
    void machinesThatAreDownAreOfflineWithTheReasonAndNoSystemStatus() throws Exception {
        hub.enroll("web", "127.0.0.1", Ports.freePort());
        hub.enroll("db", "127.0.0.1", Ports.freePort());

        List<MachineSnapshot> fleet = hub.hub().machines().snapshot();

        assertThat(fleet).extracting(s -> s.machine().name()).containsExactly("db", "web");
        assertThat(fleet).allSatisfy(s -> {
            assertThat(s.checked()).isTrue();
            assertThat(s.online()).isFalse();
            assertThat(s.problem()).contains("connection refused");
            assertThat(s.system()).isNull();
            assertThat(s.roundTrip()).isNull();
        });
    }

    @Test
    void theRegistryVersionChangesWhenAnotherProcessEnrolls() throws Exception {
        // the first enrollment creates registry.json, so the change never depends on the filesystem's timestamp resolution
        assertThat(new fr.interrupt.meshcp.hub.HubPaths(hub.hub().dataDir()).registry()).doesNotExist();
        long before = hub.hub().machines().registryVersion();

        hub.enroll("web", "127.0.0.1", Ports.freePort());

        assertThat(hub.hub().machines().registryVersion()).isNotEqualTo(before);
    }
}
