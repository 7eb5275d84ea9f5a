package fr.interrupt.meshcp.desktop.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.console.OutputLine;
import fr.interrupt.meshcp.desktop.enroll.LocalAgent;
import fr.interrupt.meshcp.desktop.files.FileRow;
import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The real app, headless, on a real data dir, with real agents on loopback: this computer added in
 * one click, a second machine enrolled with the exact command the token dialog shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopEndToEndIT {
    @TempDir
    static Path root;
    private static Desktop desktop;
    private static Agents agents;
    private static String local;
    private static final TestDesktops.ScriptedFiles FILES = new TestDesktops.ScriptedFiles();
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startApp() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        agents = new Agents(root);
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, root, ThemeMode.LIGHT, FILES));
        local = LocalAgent.suggestedName(LocalAgent.hostname());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (desktop != null) {
            desktop.localAgent().stop();
            FxToolkit.setupFixture(() -> desktop.close());
        }
        if (agents != null) {
            agents.close();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    @Order(1)
    void addThisComputerShowsALiveMachineInTheTable() {
        Fx.waitUntil(10, "the empty state", () -> robot.lookup("#machines-empty").queryAs(Node.class).isVisible());
        robot.clickOn("#empty-local");
        Fx.waitUntil(90, "this computer online", () -> desktop.addMachine().localOnlineProperty().get()
                || !desktop.addMachine().localBusyProperty().get());
        assertThat(Fx.get(() -> desktop.addMachine().localStatusProperty().get())).contains("is online as");
        robot.clickOn("#add-close");

        Fx.waitUntil(20, "an online row", () -> reachability(local) == Reachability.ONLINE);
        Fx.waitUntil(20, "its CPU figure", () -> row(local).cpuPercentProperty().get() != null);
        TableView<?> table = robot.lookup("#machines-table").queryTableView();
        assertThat(Fx.get(() -> table.getItems().size())).isEqualTo(1);
        assertThat(Fx.get(() -> row(local).addressProperty().get())).startsWith("127.0.0.1:");
    }

    @Test
    @Order(2)
    void tokenDialogQrDecodesToTheCommandShownAndTurnsEnrolledWhenTheMachineArrives() {
        robot.clickOn("#machines-add");
        robot.clickOn("#add-name").write("web-1");
        robot.clickOn("#add-create");
        Fx.waitUntil(10, "the token", () -> robot.lookup("#add-result").queryAs(Node.class).isVisible());
        String shown = Fx.get(() -> robot.lookup("#add-command").queryAs(TextArea.class).getText());
        String decoded = QrDecoder.decode(Fx.get(() -> robot.lookup("#add-qr").queryAs(ImageView.class).getImage()));
        assertThat(decoded).isEqualTo(shown)
                .matches("echo meshcp1\\.\\S+ \\| meshcp-agent enroll --orchestrator https://127\\.0\\.0\\.1:\\d+ --token -");
        assertThat(Fx.get(() -> robot.lookup("#add-expires").queryAs(Label.class).getText())).matches("Expires in (1:00:00|59:[0-5][0-9])");

        agents.enrollAndStart("web-1", shown);
        Fx.waitUntil(20, "the dialog to say enrolled",
                () -> robot.lookup("#add-state").queryAs(Label.class).getText().equals("\"web-1\" is enrolled"));
        // the token is spent: its QR code and command leave the screen
        assertThat(Fx.get(() -> robot.lookup("#add-qr").queryAs(ImageView.class).getImage())).isNull();
        assertThat(Fx.get(() -> robot.lookup("#add-copy").queryAs(javafx.scene.control.Button.class).isDisabled())).isTrue();
        robot.clickOn("#add-close");
        Fx.waitUntil(20, "web-1 online in the table", () -> reachability("web-1") == Reachability.ONLINE);
    }

    @Test
    @Order(3)
    void aCommandRunFromTheConsoleShowsItsOutputAndExitCode() {
        robot.clickOn("#nav-console");
        Fx.run(() -> desktop.console().select("web-1"));
        robot.clickOn("#console-command").write("echo hello from web-1; echo oops >&2; exit 3");
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(30, "the exit code", () -> robot.lookup("#summary-web-1").tryQuery().isPresent()
                && robot.lookup("#summary-web-1").queryAs(Label.class).getText().startsWith("exit 3"));
        @SuppressWarnings("unchecked")
        ListView<OutputLine> output = robot.lookup("#output-web-1").queryAs(ListView.class);
        assertThat(Fx.get(() -> output.getItems().stream().toList()))
                .contains(new OutputLine(OutputLine.Kind.STDOUT, "hello from web-1", false),
                        new OutputLine(OutputLine.Kind.STDERR, "oops", false));

        robot.clickOn("#console-command");
        robot.type(KeyCode.UP);
        assertThat(Fx.get(() -> desktop.console().commandProperty().get())).isEqualTo("echo hello from web-1; echo oops >&2; exit 3");
    }

    @Test
    @Order(4)
    void longOutputKeepsOnlyTheLastLinesAndTheWindowAnswers() {
        Fx.run(() -> desktop.console().commandProperty().set("seq 1 60000"));
        robot.clickOn("#console-run");
        Fx.waitUntil(60, "the end of the output", () -> robot.lookup("#summary-web-1").queryAs(Label.class).getText().startsWith("exit 0"));
        @SuppressWarnings("unchecked")
        ListView<OutputLine> output = robot.lookup("#output-web-1").queryAs(ListView.class);
        assertThat(Fx.get(() -> output.getItems().size())).isEqualTo(fr.interrupt.meshcp.desktop.console.ConsoleViewModel.MAX_LINES);
        assertThat(Fx.get(() -> output.getItems().get(0).text())).isEqualTo("… 40001 earlier lines not kept");
        assertThat(Fx.get(() -> output.getItems().get(output.getItems().size() - 1).text())).isEqualTo("60000");
    }

    @Test
    @Order(5)
    void aRunningCommandIsCancelled() {
        Fx.run(() -> desktop.console().commandProperty().set("sleep 60"));
        robot.clickOn("#console-run");
        Fx.waitUntil(10, "the run", () -> desktop.console().runningProperty().get());
        robot.clickOn("#console-cancel");
        Fx.waitUntil(15, "the cancellation", () -> !desktop.console().runningProperty().get());
        assertThat(Fx.get(() -> robot.lookup("#summary-web-1").queryAs(Label.class).getText())).startsWith("cancelled");
    }

    @Test
    @Order(6)
    void theFileBrowserListsATempDirectoryAndDownloadsAFileByteIdentical() throws Exception {
        Path dir = Files.createDirectories(root.resolve("remote-files"));
        byte[] data = new byte[700_000];
        new Random(7).nextBytes(data);
        Files.write(dir.resolve("blob.bin"), data);
        Files.writeString(dir.resolve("notes.txt"), "hello\nfiles\n");
        Files.createDirectories(dir.resolve("sub"));
        new ProcessBuilder("chmod", "1777", dir.resolve("sub").toString()).start().waitFor();

        robot.clickOn("#nav-files");
        Fx.run(() -> desktop.main().showFiles("web-1"));
        Fx.waitUntil(20, "the root listing", () -> "/".equals(desktop.files().pathProperty().get())
                && !desktop.files().loadingProperty().get());
        typePath(dir.toString());
        TableView<FileRow> table = robot.lookup("#files-table").queryTableView();
        Fx.waitUntil(20, "the listing", () -> table.getItems().size() == 3);
        assertThat(Fx.get(() -> table.getItems().stream().map(FileRow::name).toList())).containsExactly("sub", "blob.bin", "notes.txt");
        // ls's letters, sticky bit included; IEC sizes, as the CLI prints them
        assertThat(Fx.get(() -> cellTexts(table))).contains("rwxrwxrwt", "683.6 KiB");
        assertThat(Fx.get(() -> desktop.files().listingNoteProperty().get())).isEqualTo("3 items");

        Path target = root.resolve("downloaded.bin");
        FILES.saveTarget.set(target);
        robot.clickOn("blob.bin");
        robot.clickOn("#files-download");
        Fx.waitUntil(30, "the download", () -> Files.exists(target)
                && !desktop.files().transferProperty().get().runningProperty().get());
        assertThat(Files.readAllBytes(target)).isEqualTo(data);

        robot.doubleClickOn("notes.txt");
        Fx.waitUntil(20, "the preview", () -> "hello\nfiles\n".equals(
                robot.lookup("#files-preview").queryAs(TextArea.class).getText()));

        Path local = root.resolve("to-upload.txt");
        Files.writeString(local, "uploaded from the desktop\n");
        FILES.upload.set(local);
        robot.clickOn("#files-upload");
        Fx.waitUntil(20, "the upload in the listing", () -> table.getItems().stream().anyMatch(r -> r.name().equals("to-upload.txt")));
        assertThat(Files.readString(dir.resolve("to-upload.txt"))).isEqualTo("uploaded from the desktop\n");
    }

    @Test
    @Order(7)
    void aRefusedPathShowsTheAgentsReason() {
        typePath("/definitely/not/here");
        Fx.waitUntil(20, "the problem", () -> robot.lookup("#files-problem").queryAs(Label.class).isVisible());
        assertThat(Fx.get(() -> robot.lookup("#files-problem").queryAs(Label.class).getText())).startsWith("web-1: ");
    }

    @Test
    @Order(8)
    void theDetailsPageShowsTheSystemStatus() {
        robot.clickOn("#nav-machines");
        Fx.run(() -> desktop.main().showDetails("web-1"));
        Fx.waitUntil(20, "system facts", () -> robot.lookup("#details-system").queryAs(javafx.scene.layout.GridPane.class)
                .getChildren().size() > 4);
        assertThat(robot.lookup("Host name").tryQuery()).isPresent();
        assertThat(robot.lookup("Shell").tryQuery()).isPresent();
        Fx.waitUntil(20, "the certificate card", () -> robot.lookup("#details-certificate").queryAs(Label.class).getText()
                .startsWith("Machine certificate expires "));
        assertThat(Fx.get(() -> robot.lookup("#details-certificate").queryAs(Label.class).getText())).contains("renewal due in")
                .contains("CA expires");
        robot.clickOn("#details-back");
    }

    @Test
    @Order(9)
    void theTableShowsTheMachineOfflineWhenItsAgentStopsAndKeepsTheSelection() {
        TableView<MachineRow> table = robot.lookup("#machines-table").queryTableView();
        Fx.run(() -> table.getSelectionModel().select(row(local)));
        desktop.localAgent().stop();
        Fx.waitUntil(30, "this computer offline", () -> reachability(local) == Reachability.OFFLINE);
        assertThat(Fx.get(() -> table.getSelectionModel().getSelectedItem().name())).isEqualTo(local);
        assertThat(Fx.get(() -> reachability("web-1"))).isEqualTo(Reachability.ONLINE);
        assertThat(Fx.get(() -> desktop.machines().summaryProperty().get())).isEqualTo("1 of 2 online");

        // the add dialog's card follows the stopped agent, and offers to start it again
        robot.clickOn("#machines-add");
        Fx.waitUntil(20, "the stopped sentence", () -> robot.lookup("#local-status").queryAs(Label.class).getText()
                .startsWith("This computer's agent (\"" + local + "\") is not running"));
        assertThat(Fx.get(() -> robot.lookup("#local-add").queryAs(javafx.scene.control.Button.class).getText()))
                .isEqualTo("Restart this computer's agent");
        robot.clickOn("#add-close");

        // Files: from web-1's listing to the stopped machine, nothing of web-1 stays
        Fx.run(() -> desktop.main().showFiles("web-1"));
        Fx.waitUntil(20, "web-1's listing", () -> !desktop.files().listingNoteProperty().get().isEmpty());
        Fx.run(() -> desktop.files().machineProperty().set(local));
        Fx.waitUntil(10, "the offline sentence", () -> robot.lookup("#files-problem").queryAs(Label.class).getText()
                .startsWith("\"" + local + "\" is offline"));
        assertThat(Fx.get(() -> desktop.files().listingNoteProperty().get())).isEmpty();
        assertThat(Fx.get(() -> desktop.files().entries())).isEmpty();
        robot.clickOn("#nav-machines");
    }

    private static java.util.List<String> cellTexts(TableView<?> table) {
        return table.lookupAll(".table-cell").stream().filter(n -> n instanceof javafx.scene.control.TableCell<?, ?>)
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getText()).filter(java.util.Objects::nonNull).toList();
    }

    @Test
    @Order(10)
    void removingAMachineAsksFirstThenTakesItOutOfTheTable() {
        Fx.run(() -> desktop.main().showDetails(local));
        robot.clickOn("#details-remove");
        Fx.waitUntil(10, "the confirmation", () -> dialogButton("Remove") != null);
        robot.clickOn(dialogButton("Remove"));
        Fx.waitUntil(20, "the row gone", () -> desktop.machines().row(local) == null);
        assertThat(Fx.get(() -> desktop.main().pageProperty().get())).isEqualTo(fr.interrupt.meshcp.desktop.main.Page.MACHINES);
        assertThat(Fx.get(() -> desktop.hub().machines().find(local))).isEmpty();
    }

    private Node dialogButton(String text) {
        return robot.lookup((Node n) -> n instanceof javafx.scene.control.Button b && text.equals(b.getText())
                && b.getScene() != null && b.getScene().getRoot() instanceof javafx.scene.control.DialogPane).tryQuery().orElse(null);
    }

    private void typePath(String path) {
        Fx.run(() -> robot.lookup("#files-path").queryAs(javafx.scene.control.TextField.class).clear());
        robot.clickOn("#files-path").write(path).type(KeyCode.ENTER);
    }

    private static MachineRow row(String name) {
        MachineRow row = desktop.machines().row(name);
        if (row == null) {
            throw new AssertionError("no row " + name);
        }
        return row;
    }

    private static Reachability reachability(String name) {
        MachineRow row = desktop.machines().row(name);
        return row == null ? null : row.reachability();
    }
}
