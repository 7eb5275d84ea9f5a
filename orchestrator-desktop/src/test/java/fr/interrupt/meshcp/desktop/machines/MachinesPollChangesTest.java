package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Cpu;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import org.junit.jupiter.api.Test;

/**
 * A poll reaches the table as one list change (not one per property of every row, which made a sorted table
 * re-sort thousands of times per poll), and views sorted or filtered by a value still follow its changes.
 */
class MachinesPollChangesTest {
    /** Machines whose CPU use the test sets before each poll. */
    private static final class SetFleet implements FleetProbe {
        final Map<String, Double> cpu = new LinkedHashMap<>();

        @Override
        public List<MachineSnapshot> take() {
            List<MachineSnapshot> snapshots = new ArrayList<>();
            cpu.forEach((name, percent) -> snapshots.add(new MachineSnapshot(machine(name), true, Duration.ofMillis(1), "0.1.0", null,
                    SystemStatus.newBuilder().setCpu(Cpu.newBuilder().setUsagePercent(percent)).build(), null)));
            return snapshots;
        }

        @Override
        public List<Machine> machines() {
            return cpu.keySet().stream().map(SetFleet::machine).toList();
        }

        @Override
        public long registryVersion() {
            return 1;
        }

        private static Machine machine(String name) {
            return new Machine(name, "127.0.0.1", 1, "1", "00", name, "linux", "amd64", "0.1.0", Instant.EPOCH, null);
        }
    }

    private final SetFleet fleet = new SetFleet();
    private final MachinesViewModel vm = new MachinesViewModel(fleet, SameThread.dispatch(), Clock.systemUTC());

    @Test
    void aPollOfManyMachinesIsOneListChange() {
        for (int i = 0; i < 200; i++) {
            fleet.cpu.put("m-" + i, (double) i);
        }
        vm.refresh();
        List<ListChangeListener.Change<? extends MachineRow>> changes = new ArrayList<>();
        vm.rows().addListener((ListChangeListener<MachineRow>) changes::add);
        fleet.cpu.replaceAll((name, percent) -> 100 - percent / 2);

        vm.refresh();

        assertThat(changes).hasSize(1);
        assertThat(vm.row("m-0").cpuPercentProperty().get()).isEqualTo(100.0);
    }

    @Test
    void aViewSortedByCpuFollowsThePoll() {
        fleet.cpu.put("a", 10.0);
        fleet.cpu.put("b", 20.0);
        fleet.cpu.put("c", 30.0);
        vm.refresh();
        SortedList<MachineRow> byCpu = new SortedList<>(vm.visibleRows(), Comparator.comparing(r -> r.cpuPercentProperty().get()));
        assertThat(byCpu).extracting(MachineRow::name).containsExactly("a", "b", "c");
        fleet.cpu.put("a", 90.0);

        vm.refresh();

        assertThat(byCpu).extracting(MachineRow::name).containsExactly("b", "c", "a");
    }

    @Test
    void aPollAddsNewMachinesAndDropsRemovedOnes() {
        fleet.cpu.put("a", 10.0);
        fleet.cpu.put("b", 20.0);
        vm.refresh();
        fleet.cpu.remove("a");
        fleet.cpu.put("c", 5.0);

        vm.refresh();

        assertThat(vm.rows()).extracting(MachineRow::name).containsExactly("b", "c");
        assertThat(vm.row("b").cpuPercentProperty().get()).isEqualTo(20.0);
    }
}
