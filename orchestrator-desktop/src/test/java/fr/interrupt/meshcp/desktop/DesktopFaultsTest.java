package fr.interrupt.meshcp.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.console.OutputLine;
import fr.interrupt.meshcp.desktop.enroll.LocalAgent;
import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.testsupport.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The faults a demanding user found, on the real window (headless) over a real data dir whose machines are
 * registry entries with no agent behind them: every one of them is offline, as a stopped machine is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopFaultsTest {
    private static final String LONG_VERSION = "0.1.0-SNAPSHOT";
    @TempDir
    static Path root;
    private static Desktop desktop;
    private static Stage stage;
    private static Path dir;
    private final FxRobot robot = new FxRobot();

    /** One app for the class: each test starts from the machines page at 1320x820, with no dialog open. */
    @BeforeAll
    static void start() throws Exception {
        dir = root.resolve("faults");
        try (Hub hub = Hub.open(dir.resolve("hub"), "desktop:test")) {
            MachineRegistry registry = MachineRegistry.at(new HubPaths(hub.dataDir()));
            registry.add(machine("web-1", "127.0.0.1", Map.of("env", "prod")));
            registry.add(machine("db-2", "0:0:0:0:0:0:0:1", Map.of("env", "prod")));
            registry.add(machine("build-box", "127.0.0.1", Map.of()));
        }
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, dir, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (desktop != null) {
            FxToolkit.setupFixture(() -> desktop.close());
        }
    }

    @BeforeEach
    void backToTheMachines() {
        Fx.run(() -> {
            if (desktop.addMachineDialog().stage() != null) {
                desktop.addMachineDialog().stage().hide();
            }
            desktop.main().showMachines();
        });
        resize(1320, 820);
    }

    private static Machine machine(String name, String host, Map<String, String> labels) {
        return new Machine(name, host, Ports.freePort(), "serial-" + name, "sha-" + name, name + ".lan", "Linux", "amd64",
                LONG_VERSION, Instant.parse("2026-01-01T00:00:00Z"), null, null, labels);
    }

    private void allOffline() {
        Fx.run(() -> desktop.machines().refresh()); // as the Refresh button does, rather than waiting for the timer
        Fx.waitUntil(30, "the three machines offline", () -> java.util.stream.Stream.of("web-1", "db-2", "build-box")
                .allMatch(name -> desktop.machines().row(name) != null
                        && desktop.machines().row(name).reachability() == Reachability.OFFLINE));
    }

    private static void resize(double width, double height) {
        Fx.run(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void addressAndAgentColumnsShowWholeAgainAfterAShrinkAndGrowCycle() {
        allOffline();
        TableView<MachineRow> table = robot.lookup("#machines-table").queryTableView();
        resize(1320, 820);
        try {
            Fx.waitUntil(10, "whole cells at 1320x820", () -> truncatedCells(table) == 0 && !horizontalBarShown(table));
        } catch (AssertionError e) {
            throw new AssertionError(Fx.get(() -> cutTexts(table)), e);
        }
        resize(960, 600);
        Fx.waitUntil(10, "sideways scrolling at 960x600", () -> horizontalBarShown(table));
        // labels and OS may give up width there (their tooltips say it whole); what people copy may not
        Fx.waitUntil(10, "whole addresses and versions at 960x600", () -> truncatedCells(table, "Address", "Agent", "Name") == 0);
        resize(1320, 820);
        Fx.waitUntil(10, "whole cells after the cycle", () -> truncatedCells(table) == 0 && !horizontalBarShown(table));
        assertThat(Fx.get(() -> shownText(table, "[::1]:"))).startsWith("[::1]:");
        assertThat(Fx.get(() -> shownText(table, LONG_VERSION))).isEqualTo(LONG_VERSION);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: the width it gives Address stays for the rest of the class
    void aColumnThePersonWidenedKeepsItsWidthThroughAResizeCycle() {
        allOffline();
        TableView<MachineRow> table = robot.lookup("#machines-table").queryTableView();
        resize(1320, 820);
        Fx.waitUntil(10, "the fitted table", () -> truncatedCells(table) == 0);
        javafx.scene.control.TableColumn<MachineRow, ?> address = Fx.get(() -> table.getColumns().get(2));
        double fitted = Fx.get(address::getWidth);
        Node header = robot.lookup((Node n) -> n.getStyleClass().contains("column-header")
                && n.lookup(".label") instanceof Label l && "Address".equals(l.getText())).query();
        javafx.geometry.Bounds edge = Fx.get(() -> header.localToScreen(header.getBoundsInLocal()));
        robot.drag(edge.getMaxX() - 1, edge.getCenterY()).dropBy(80, 0);
        Fx.waitUntil(10, "the wider column", () -> address.getWidth() > fitted + 60);
        double widened = Fx.get(address::getWidth);
        resize(960, 600);
        Fx.waitUntil(10, "sideways scrolling at 960x600", () -> horizontalBarShown(table));
        resize(1320, 820);
        Fx.waitUntil(10, "the table refitted at 1320x820", () -> truncatedCells(table, "Agent", "Name") == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Fx.get(address::getWidth)).isCloseTo(widened, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void theDetailsHeaderButtonsTurnToIconsWithTooltipsAtTheMinimumSize() {
        allOffline();
        resize(960, 600);
        Fx.run(() -> desktop.main().showDetails("web-1"));
        Button run = robot.lookup((Node n) -> n instanceof Button b && "Run command".equals(b.getText())).queryButton();
        Fx.waitUntil(10, "icon-only buttons", () -> run.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY);
        assertThat(Fx.get(() -> run.getTooltip().getText())).isEqualTo("Run a command on this machine");
        resize(1320, 820);
        Fx.waitUntil(10, "buttons with words", () -> run.getContentDisplay() == ContentDisplay.LEFT);
    }

    @Test
    void anOfflineMachinesDetailsSayOfflineInTheHeaderAndWhyTheCardsAreEmpty() {
        allOffline();
        Fx.run(() -> desktop.main().showDetails("db-2"));
        Fx.waitUntil(20, "the offline state", () -> "offline".equals(robot.lookup("#details-state").queryAs(Label.class).getText()));
        Fx.waitUntil(10, "the usage card's note", () -> robot.lookup("#details-usage .label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("Not known while db-2 is offline: its agent did not answer.")));
        assertThat(Fx.get(() -> robot.lookup("#details-network .label").queryAs(Label.class).getText())).contains("db-2 is offline");
        assertThat(Fx.get(() -> robot.lookup((Node n) -> n instanceof Label l && l.getText() != null
                && l.getText().startsWith("[::1]:")).tryQuery())).isPresent();
    }

    @Test
    void filesHintsBeforeAMachineIsPickedAndSaysWhenThePickedOneIsOffline() {
        allOffline();
        Fx.run(() -> desktop.main().showFiles());
        Fx.waitUntil(10, "the hint", () -> robot.lookup("#files-empty").queryAs(Label.class).getText()
                .equals("Pick a machine at the top right to browse its files."));
        Fx.run(() -> desktop.files().machineProperty().set("web-1"));
        Fx.waitUntil(10, "the offline sentence", () -> robot.lookup("#files-problem").queryAs(Label.class).getText()
                .startsWith("\"web-1\" is offline"));
        assertThat(Fx.get(() -> desktop.files().listingNoteProperty().get())).isEmpty();
        assertThat(Fx.get(() -> desktop.files().transferProperty().get())).isNull();
        assertThat(Fx.get(() -> robot.lookup("#files-empty").queryAs(Label.class).getText())).isEmpty();
        assertThat(Fx.get(() -> robot.lookup("#files-machine .list-cell .dot").queryAs(Node.class).getStyleClass()))
                .contains("status-offline");
    }

    @Test
    void aRunTabShowsItsCommandAndTimeAndAnOfflineMachinesErrorOnce() {
        allOffline();
        Fx.run(() -> desktop.main().showConsole());
        Fx.run(() -> desktop.console().select("web-1", "db-2"));
        robot.clickOn("#console-command").write("uptime");
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.ENTER)
                .release(javafx.scene.input.KeyCode.CONTROL);
        Fx.waitUntil(30, "both runs ended", () -> desktop.console().runs().size() == 2 && !desktop.console().runningProperty().get());
        assertThat(Fx.get(() -> robot.lookup("#command-web-1").queryAs(Label.class).getText())).isEqualTo("$ uptime");
        assertThat(Fx.get(() -> robot.lookup("#when-web-1").queryAs(Label.class).getText())).matches("web-1 · run \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(Fx.get(() -> robot.lookup("#badge-web-1").queryAs(Label.class).getText())).isEqualTo("not started");
        assertThat(Fx.get(() -> robot.lookup("#badge-web-1").queryAs(Label.class).getStyleClass())).contains("badge-danger")
                .doesNotContain("dot");
        ListView<OutputLine> output = robot.lookup("#output-web-1").queryListView();
        assertThat(Fx.get(() -> output.getItems().size())).isEqualTo(1);
        assertThat(Fx.get(() -> robot.lookup("#summary-web-1").queryAs(Label.class).getText())).isEqualTo("not started");
        assertThat(Fx.get(() -> robot.lookup("#console-runs").queryAs(javafx.scene.control.TabPane.class).getTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList())).containsExactly("db-2", "web-1", "All machines");
        Node targets = robot.lookup(".targets-panel").query();
        double before = Fx.get(targets::getLayoutBounds).getWidth();
        robot.clickOn(robot.lookup(".tab-pane .tab").nth(2).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Fx.get(targets::getLayoutBounds).getWidth()).isEqualTo(before);
    }

    @Test
    void theDialogDropsTheSpentQrCodeOnceTheMachineEnrolls() {
        allOffline();
        robot.clickOn("#machines-add");
        robot.clickOn("#add-name").write("app-1");
        robot.clickOn("#add-create");
        Fx.waitUntil(10, "the token", () -> robot.lookup("#add-result").queryAs(Node.class).isVisible());
        assertThat(Fx.get(() -> robot.lookup("#add-copy").queryAs(Button.class).isDisabled())).isFalse();
        // the machine arrives, as enrollment writes it
        Fx.run(() -> MachineRegistry.at(new HubPaths(desktop.hub().dataDir())).add(machine("app-1", "127.0.0.1", Map.of())));
        Fx.waitUntil(20, "enrolled", () -> robot.lookup("#add-state").queryAs(Label.class).getText().equals("\"app-1\" is enrolled"));
        assertThat(Fx.get(() -> robot.lookup("#add-qr").queryAs(ImageView.class).getImage())).isNull();
        assertThat(Fx.get(() -> robot.lookup("#add-qr-spent").queryAs(Label.class).isVisible())).isTrue();
        assertThat(Fx.get(() -> robot.lookup("#add-command").queryAs(TextArea.class).getText())).isEmpty();
        assertThat(Fx.get(() -> robot.lookup("#add-copy").queryAs(Button.class).isDisabled())).isTrue();
        Button close = robot.lookup("#add-close").queryButton();
        assertThat(Fx.get(() -> close.getWidth() >= close.prefWidth(-1) - 0.5 && close.getScene().getWindow().getHeight()
                <= javafx.stage.Screen.getPrimary().getVisualBounds().getHeight())).isTrue();
    }

    @Test
    void theLocalCardSaysWhenThisComputersAgentIsNotRunningAndOffersARestart() throws Exception {
        allOffline();
        String local = LocalAgent.suggestedName(LocalAgent.hostname());
        Files.createDirectories(dir.resolve("local-agent"));
        Files.writeString(dir.resolve("local-agent/agent.yaml"), "# enrolled earlier; its agent is not running\n");
        Fx.run(() -> MachineRegistry.at(new HubPaths(desktop.hub().dataDir())).add(machine(local, "127.0.0.1", Map.of())));
        robot.clickOn("#machines-add");
        Fx.waitUntil(20, "the stopped sentence", () -> robot.lookup("#local-status").queryAs(Label.class).getText()
                .startsWith("This computer's agent (\"" + local + "\") is not running"));
        Button button = robot.lookup("#local-add").queryButton();
        assertThat(Fx.get(button::getText)).isEqualTo("Restart this computer's agent");
        assertThat(Fx.get(button::isDisabled)).isFalse();
    }

    /** Cells of the table whose text is cut ("…"), in the columns with these headers (all when none is named). */
    private static int truncatedCells(TableView<?> table, String... columns) {
        java.util.List<String> only = java.util.List.of(columns);
        int cut = 0;
        for (Node node : table.lookupAll(".table-cell")) {
            if (node instanceof TableCell<?, ?> cell && shown(cell)
                    && (only.isEmpty() || cell.getTableColumn() != null && only.contains(cell.getTableColumn().getText())) && cell.getText() != null && !cell.getText().isEmpty()
                    && ownText(cell) instanceof Text text && !text.getText().equals(cell.getText())) {
                cut++;
            }
        }
        return cut;
    }

    /** A cell on screen (the table keeps spare cells, never laid out, for reuse). */
    private static boolean shown(TableCell<?, ?> cell) {
        return cell.isVisible() && cell.getTableRow() != null && cell.getTableRow().isVisible() && !cell.isEmpty()
                && cell.getWidth() > 0 && cell.getTableRow().getIndex() < cell.getTableView().getItems().size();
    }

    /** The cell's own text node (not one of a label in its graphic). */
    private static Node ownText(TableCell<?, ?> cell) {
        return cell.getChildrenUnmodifiable().stream().filter(Text.class::isInstance).findFirst().orElse(null);
    }

    private static String cutTexts(TableView<?> table) {
        StringBuilder out = new StringBuilder("table " + table.getWidth() + ": ");
        table.getColumns().forEach(c -> out.append(c.getText()).append('=').append(c.getWidth()).append(' '));
        for (Node node : table.lookupAll(".table-cell")) {
            if (node instanceof TableCell<?, ?> cell && shown(cell) && cell.getText() != null && !cell.getText().isEmpty()
                    && ownText(cell) instanceof Text text && !text.getText().equals(cell.getText())) {
                out.append(" | ").append(cell.getText()).append(" -> ").append(text.getText()).append(" font ").append(cell.getFont());
            }
        }
        return out.toString();
    }

    private static String shownText(TableView<?> table, String prefix) {
        for (Node node : table.lookupAll(".table-cell")) {
            if (node instanceof TableCell<?, ?> cell && cell.getText() != null && cell.getText().startsWith(prefix)
                    && ownText(cell) instanceof Text text) {
                return text.getText();
            }
        }
        return null;
    }

    private static boolean horizontalBarShown(TableView<?> table) {
        return table.lookupAll(".scroll-bar").stream().anyMatch(n -> n instanceof ScrollBar bar
                && bar.getOrientation() == Orientation.HORIZONTAL && bar.isVisible());
    }
}
