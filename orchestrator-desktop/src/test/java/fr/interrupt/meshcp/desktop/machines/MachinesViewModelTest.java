package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.shared.labels.LabelEdit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machines table's logic against a real hub data dir; the machines point at closed loopback ports. */
class MachinesViewModelTest {
    @TempDir
    Path dataDir;
    private Hub hub;
    private Hub otherProcess;
    private MachinesViewModel vm;

    @BeforeEach
    void setUp() {
        hub = Hub.open(dataDir, "test");
        otherProcess = Hub.open(dataDir, "cli");
        vm = new MachinesViewModel(FleetProbe.of(hub), SameThread.dispatch(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        hub.close();
        otherProcess.close();
    }

    @Test
    void anEmptyDataDirShowsTheEmptyState() {
        vm.checkForChanges();
        assertThat(vm.emptyProperty().get()).isTrue();
        assertThat(vm.rows()).isEmpty();
    }

    @Test
    void aMachineEnrolledByAnotherProcessShowsUpByItself() throws Exception {
        // the first enrollment creates registry.json, so the change never depends on the filesystem's timestamp resolution
        assertThat(new HubPaths(hub.dataDir()).registry()).doesNotExist();
        vm.checkForChanges();
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("web-1"));
        vm.checkForChanges();
        assertThat(vm.rows()).extracting(MachineRow::name).containsExactly("web-1");
        assertThat(vm.emptyProperty().get()).isFalse();
    }

    @Test
    void anUnreachableMachineIsOfflineWithTheReason() {
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("web-1"));
        vm.refresh();
        MachineRow row = vm.row("web-1");
        assertThat(row.reachability()).isEqualTo(Reachability.OFFLINE);
        assertThat(row.problemProperty().get()).contains("web-1").contains("unreachable");
        assertThat(row.cpuPercentProperty().get()).isNull();
        assertThat(vm.summaryProperty().get()).isEqualTo("0 of 1 online");
    }

    @Test
    void aRefreshUpdatesRowsInPlaceSoTheTableKeepsItsSelection() {
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("web-1"));
        vm.refresh();
        MachineRow before = vm.row("web-1");
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("db-1"));
        vm.refresh();
        assertThat(vm.row("web-1")).isSameAs(before);
        assertThat(vm.rows()).hasSize(2);
    }

    @Test
    void aRemovedMachineLeavesTheTable() {
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("web-1"));
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("db-1"));
        vm.refresh();
        otherProcess.machines().remove("web-1");
        vm.refresh();
        assertThat(vm.rows()).extracting(MachineRow::name).containsExactly("db-1");
    }

    @Test
    void theFilterMatchesNameAddressOrStatus() {
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("web-1"));
        MachineRegistry.at(new HubPaths(otherProcess.dataDir())).add(machine("db-1"));
        vm.refresh();
        vm.filterProperty().set("WEB");
        assertThat(vm.visibleRows()).extracting(MachineRow::name).containsExactly("web-1");
        vm.filterProperty().set("offline");
        assertThat(vm.visibleRows()).hasSize(2);
        vm.filterProperty().set("nothing-like-it");
        assertThat(vm.noMatchProperty().get()).isTrue();
    }

    @Test
    void theFilterReadsLabelSelectorsAndSaysWhenOneIsInvalid() {
        MachineRegistry registry = MachineRegistry.at(new HubPaths(otherProcess.dataDir()));
        registry.add(machine("web-1"));
        registry.add(machine("db-1"));
        otherProcess.machines().label("web-1", LabelEdit.parse(List.of("env=prod")), false);
        vm.checkForChanges();

        vm.filterProperty().set("env=prod");
        assertThat(vm.visibleRows()).extracting(MachineRow::name).containsExactly("web-1");
        vm.filterProperty().set("!env");
        assertThat(vm.visibleRows()).extracting(MachineRow::name).containsExactly("db-1");
        vm.filterProperty().set("prod");
        assertThat(vm.visibleRows()).extracting(MachineRow::name).as("plain text also searches labels").containsExactly("web-1");
        vm.filterProperty().set("env==");
        assertThat(vm.visibleRows()).isEmpty();
        assertThat(vm.filterProblemProperty().get()).isNull();
        vm.filterProperty().set("env in prod");
        assertThat(vm.noMatchProperty().get()).isTrue();
        assertThat(vm.filterProblemProperty().get()).startsWith("Not a valid label selector: in selector \"env in prod\"");
        vm.filterProperty().set("");
        assertThat(vm.visibleRows()).hasSize(2);
        assertThat(vm.filterProblemProperty().get()).isNull();
    }

    private static Machine machine(String name) {
        return new Machine(name, "127.0.0.1", 1, "serial-" + name, "sha-" + name, name + ".lan", "Linux", "amd64", "0.1.0",
                Instant.parse("2024-01-01T00:00:00Z"), null);
    }
}
