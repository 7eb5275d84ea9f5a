package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.ui.ColumnFit;
import fr.interrupt.meshcp.desktop.ui.FxmlLoaderFactory;
import fr.interrupt.meshcp.desktop.ui.FxmlView;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Cpu;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The machines page alone (headless TestFX) on a fleet answered from memory: a poll reaches the cells through the
 * rows' properties (the table hears of rows added, removed or moved only), and what depends on that still follows it.
 */
@ExtendWith(ApplicationExtension.class)
class MachinesTableTest {
    private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");

    /** What each machine answers at the next poll: its CPU use, or null when it does not answer. */
    private final Map<String, Double> cpu = new LinkedHashMap<>();
    private final Map<String, String> version = new LinkedHashMap<>();
    private final TestClock clock = new TestClock(T0);
    private MachinesViewModel vm;
    private TableView<MachineRow> table;

    private final FleetProbe fleet = new FleetProbe() {
        @Override
        public List<MachineSnapshot> take() {
            List<MachineSnapshot> snapshots = new ArrayList<>();
            cpu.forEach((name, percent) -> snapshots.add(percent == null
                    ? new MachineSnapshot(machine(name), false, null, "0.1.0", "The machine did not answer: connection refused.", null, null)
                    : new MachineSnapshot(machine(name), true, Duration.ofMillis(1), version.getOrDefault(name, "0.1.0"), null,
                    SystemStatus.newBuilder().setCpu(Cpu.newBuilder().setUsagePercent(percent)).build(), null)));
            return snapshots;
        }

        @Override
        public List<Machine> machines() {
            return cpu.keySet().stream().map(MachinesTableTest::machine).toList();
        }

        @Override
        public long registryVersion() {
            return 1;
        }
    };

    private static Machine machine(String name) {
        return new Machine(name, "127.0.0.1", 7443, "1", "00", name, "Linux", "amd64", "0.1.0", T0, T0);
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        vm = new MachinesViewModel(fleet, SameThread.dispatch(), clock);
        Map<Class<?>, Supplier<?>> controllers = Map.of(MachinesController.class,
                () -> new MachinesController(vm, null, () -> { }, () -> { }, clock));
        Scene scene = new Scene(new FxmlLoaderFactory(controllers).load(FxmlView.MACHINES).root(), 1280, 600);
        scene.getStylesheets().add(MachinesTableTest.class.getResource("/fr/interrupt/meshcp/desktop/desktop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        @SuppressWarnings("unchecked")
        TableView<MachineRow> found = (TableView<MachineRow>) scene.lookup("#machines-table");
        table = found;
    }

    private void poll() {
        Fx.run(vm::refresh);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The text the cell of {@code row} in the column headed {@code header} shows (its own text, or its label's). */
    private String shown(String row, String header) {
        return Fx.get(() -> {
            for (Node node : table.lookupAll(".table-cell")) {
                if (node instanceof TableCell<?, ?> cell && cell.getTableRow() != null && cell.getTableRow().getItem() instanceof MachineRow r
                        && r.name().equals(row) && cell.getTableColumn().getText().equals(header) && cell.isVisible()) {
                    return cell.getText() != null ? cell.getText()
                            : cell.lookupAll(".label").stream().map(n -> ((javafx.scene.control.Label) n).getText()).findFirst().orElse(null);
                }
            }
            return null;
        });
    }

    @Test
    void aPollShowsTheNewValuesAndKeepsTheSelectionWithoutChangingTheTablesList() {
        cpu.put("web-1", 10.0);
        cpu.put("web-2", 20.0);
        poll();
        Fx.run(() -> table.getSelectionModel().select(vm.row("web-2")));
        List<ListChangeListener.Change<?>> heard = new ArrayList<>();
        Fx.run(() -> table.getItems().addListener((ListChangeListener<MachineRow>) heard::add));
        cpu.put("web-2", 55.0);

        poll();

        assertThat(shown("web-2", "CPU")).isEqualTo("55%");
        assertThat(heard).isEmpty();
        assertThat(Fx.get(() -> table.getSelectionModel().getSelectedItem().name())).isEqualTo("web-2");
    }

    @Test
    void aTableSortedByCpuMovesTheRowWhoseUseChanged() {
        cpu.put("a", 10.0);
        cpu.put("b", 20.0);
        cpu.put("c", 30.0);
        poll();
        Fx.run(() -> {
            TableColumn<MachineRow, ?> byCpu = table.getColumns().stream().filter(c -> c.getText().equals("CPU")).findFirst().orElseThrow();
            table.getSortOrder().setAll(List.of(byCpu));
        });
        cpu.put("a", 90.0);

        poll();

        assertThat(Fx.get(() -> table.getItems().stream().map(MachineRow::name).toList())).containsExactly("b", "c", "a");
    }

    @Test
    void anOfflineMachinesLastSeenIsWrittenAgainAtEachPoll() {
        cpu.put("web-1", null);
        clock.advance(Duration.ofMinutes(5));
        poll();
        assertThat(shown("web-1", "Last seen")).isEqualTo("5m ago");

        clock.advance(Duration.ofMinutes(10));
        poll();

        assertThat(shown("web-1", "Last seen")).isEqualTo("15m ago");
    }

    @Test
    void theStatusOfAMachineThatStoppedAnsweringSaysWhyInItsTooltip() {
        cpu.put("web-1", 10.0);
        poll();
        cpu.put("web-1", null);

        poll();

        assertThat(shown("web-1", "Status")).isEqualTo("offline");
        assertThat(Fx.get(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTooltip() != null && c.getTableColumn().getText().equals("Status"))
                .map(n -> ((TableCell<?, ?>) n).getTooltip().getText()).toList()))
                .containsExactly("The machine did not answer: connection refused.");
    }

    @Test
    void aLongerValueWidensItsColumnSoonAfterThePoll() {
        cpu.put("web-1", 10.0);
        poll();
        String longVersion = "0.1.0-rc.1+build.20261130.0123456789abcdef";
        version.put("web-1", longVersion);

        poll();

        long seconds = Math.round(ColumnFit.CONTENT_REFIT.toSeconds()) + 5;
        Fx.waitUntil(seconds, "the whole version shown", () -> table.lookupAll(".table-cell").stream()
                .anyMatch(n -> n instanceof TableCell<?, ?> c && longVersion.equals(c.getText())
                        && c.getChildrenUnmodifiable().stream().anyMatch(t -> t instanceof Text text && text.getText().equals(longVersion))));
    }
}
