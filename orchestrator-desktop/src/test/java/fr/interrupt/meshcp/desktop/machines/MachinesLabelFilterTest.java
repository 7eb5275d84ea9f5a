package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.shared.labels.LabelEdit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window's machines table filtered by labels (TestFX, headless): three machines whose agents last reported
 * labels (kept in the registry while they are offline) and one with a label set on the hub.
 */
@ExtendWith(ApplicationExtension.class)
class MachinesLabelFilterTest {
    @TempDir
    static Path root;
    private Desktop desktop;

    @Start
    void start(Stage stage) {
        Path dir = root.resolve("labels-" + System.nanoTime());
        try (Hub hub = Hub.open(dir.resolve("hub"), "cli")) {
            MachineRegistry registry = MachineRegistry.at(new HubPaths(hub.dataDir()));
            add(registry, "web-1", Map.of("env", "prod", "role", "web"));
            add(registry, "web-2", Map.of("env", "staging", "role", "web"));
            add(registry, "db-1", Map.of("env", "prod", "role", "db"));
            hub.machines().label("web-2", LabelEdit.parse(List.of("team=blue")), false);
        }
        desktop = TestDesktops.start(stage, dir, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles());
    }

    private static void add(MachineRegistry registry, String name, Map<String, String> agentLabels) {
        registry.add(new Machine(name, "127.0.0.1", 1, "serial-" + name, "sha-" + name, name, "Linux", "amd64", "0.1.0",
                Instant.parse("2026-01-01T00:00:00Z"), null));
        registry.markSeen(name, Instant.parse("2026-01-02T00:00:00Z"), "0.1.0", agentLabels);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> desktop.close()).get(10, TimeUnit.SECONDS);
    }

    private static List<String> shown(TableView<MachineRow> table) {
        return Fx.get(() -> table.getItems().stream().map(MachineRow::name).sorted().toList());
    }

    private static void filter(FxRobot robot, String text) {
        Fx.run(() -> robot.lookup("#machines-filter").queryAs(TextField.class).clear());
        robot.clickOn("#machines-filter").write(text);
    }

    @Test
    void aSelectorInTheFilterBoxKeepsTheMatchingMachinesAndPlainTextStillMatchesNames(FxRobot robot) {
        TableView<MachineRow> table = robot.lookup("#machines-table").queryTableView();
        Fx.waitUntil(10, "three rows", () -> table.getItems().size() == 3);

        filter(robot, "env=prod");
        Fx.waitUntil(5, "the prod machines", () -> shown(table).equals(List.of("db-1", "web-1")));

        filter(robot, "role=web,team!=blue");
        Fx.waitUntil(5, "web-1 alone", () -> shown(table).equals(List.of("web-1")));

        filter(robot, "env in (staging)");
        Fx.waitUntil(5, "web-2 alone", () -> shown(table).equals(List.of("web-2")));
        assertThat(robot.lookup("env=staging,role=web,team=blue").tryQuery()).as("its labels cell").isPresent();

        filter(robot, "db");
        Fx.waitUntil(5, "db-1 by its name", () -> shown(table).equals(List.of("db-1")));
    }

    @Test
    void anInvalidSelectorSaysWhatIsWrong(FxRobot robot) {
        TableView<MachineRow> table = robot.lookup("#machines-table").queryTableView();
        Fx.waitUntil(10, "three rows", () -> table.getItems().size() == 3);

        filter(robot, "env in (prod");

        Fx.waitUntil(5, "no row", () -> table.getItems().isEmpty());
        Label message = robot.lookup("#machines-no-match").queryAs(Label.class);
        assertThat(Fx.get(message::isVisible)).isTrue();
        assertThat(Fx.get(message::getText)).isEqualTo("Not a valid label selector: in selector \"env in (prod\": "
                + "expected ',' or ')' in the list of values at character 13");
    }
}
