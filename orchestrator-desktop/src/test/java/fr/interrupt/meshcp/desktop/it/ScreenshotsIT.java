package fr.interrupt.meshcp.desktop.it;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.Snapshots;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Writes docs/screenshots/*.png from the real app with real agents, headless (JavaFX's own
 * rendering). Runs only when -Dmeshcp.screenshots=DIR is given; see the README (Testing) for the command.
 */
class ScreenshotsIT {
    @TempDir
    static Path root;
    private static Path out;
    private static Desktop desktop;
    private static Agents agents;
    private static final TestDesktops.ScriptedFiles FILES = new TestDesktops.ScriptedFiles();
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        String dir = System.getProperty("meshcp.screenshots", "");
        Assumptions.assumeFalse(dir.isBlank(), "set -Dmeshcp.screenshots=DIR to write the screenshots");
        out = Path.of(dir).toAbsolutePath();
        Stage stage = FxToolkit.registerPrimaryStage();
        agents = new Agents(root);
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, root, ThemeMode.LIGHT, FILES));
    }

    @AfterAll
    static void stop() throws Exception {
        if (desktop != null) {
            FxToolkit.setupFixture(() -> desktop.close());
        }
        if (agents != null) {
            agents.close();
        }
    }

    @Test
    void everyMainScreen() throws Exception {
        for (String name : List.of("web-1", "web-2", "build-box", "nas")) {
            String command = Fx.enrollCommand(desktop, name);
            agents.enrollAndStart(name, command);
        }
        Fx.waitUntil(60, "four machines online", () -> desktop.machines().rows().size() == 4
                && desktop.machines().rows().stream().allMatch(r -> r.reachability() == Reachability.ONLINE
                && r.cpuPercentProperty().get() != null));
        agents.stopLast();
        Fx.waitUntil(30, "nas offline", () -> desktop.machines().row("nas").reachability() == Reachability.OFFLINE);

        TableView<MachineRow> table = robot.lookup("#machines-table").queryTableView();
        Fx.run(() -> table.getSelectionModel().select(desktop.machines().row("web-1")));
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("machines.png"));
        Fx.run(() -> desktop.main().theme().modeProperty().set(ThemeMode.DARK));
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("machines-dark.png"));
        Fx.run(() -> desktop.main().theme().modeProperty().set(ThemeMode.LIGHT));
        // the smallest window the app allows: columns scroll sideways rather than cut their text
        resize(960, 600);
        Snapshots.save(desktop.stage().getScene(), out.resolve("machines-min.png"));
        Fx.run(() -> desktop.main().showDetails("nas"));
        Fx.waitUntil(20, "nas's details", () -> !desktop.details().loadingProperty().get()
                && desktop.details().reachabilityProperty().get() == Reachability.OFFLINE);
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("machine-details-offline-min.png"));
        resize(1320, 820);
        Fx.run(() -> desktop.main().showMachines());

        robot.clickOn("#machines-add");
        robot.clickOn("#add-name").write("laptop");
        robot.clickOn("#add-create");
        Fx.waitUntil(10, "the token", () -> robot.lookup("#add-result").queryAs(Node.class).isVisible());
        settle();
        Snapshots.save(desktop.addMachineDialog().stage().getScene(), out.resolve("add-machine.png"));
        robot.clickOn("#add-close");

        Fx.run(() -> desktop.main().showDetails("web-1"));
        Fx.waitUntil(20, "the details", () -> !desktop.details().system().isEmpty() && !desktop.details().loadingProperty().get());
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("machine-details.png"));

        // other faces' jobs, as the Jobs list shows them: Claude through serve, a person at the CLI
        try (fr.interrupt.meshcp.hub.Hub claude = fr.interrupt.meshcp.hub.Hub.open(root.resolve("hub"), "mcp:claude");
             fr.interrupt.meshcp.hub.Hub cli = fr.interrupt.meshcp.hub.Hub.open(root.resolve("hub"), "cli:alice")) {
            cli.jobs().start("web-2", fr.interrupt.meshcp.hub.service.ExecOptions.of("df -h /"));
            claude.jobs().start("build-box", fr.interrupt.meshcp.hub.service.ExecOptions.of(
                    "for i in $(seq 1 300); do echo \"test $i passed\"; sleep 1; done"));
        }
        Fx.run(() -> desktop.main().showConsole());
        Fx.run(() -> desktop.console().select("web-1", "web-2", "build-box"));
        robot.clickOn("#console-command").write("uname -sr; uptime; df -h / | tail -n 1; echo 'warning: disk check is a sample' >&2")
                .type(KeyCode.ENTER);
        Fx.waitUntil(30, "the runs", () -> !desktop.console().runningProperty().get());
        Fx.waitUntil(30, "the jobs list", () -> desktop.console().jobs().rows().size() == 5
                && !desktop.console().jobs().unreachableProperty().get().isEmpty());
        robot.clickOn("#console-command").write("uname -sr; uptime; df -h / | tail -n 1; echo 'warning: disk check is a sample' >&2");
        Fx.run(() -> desktop.console().commandProperty().set(""));
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("run-command.png"));
        robot.clickOn("All machines");
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("run-command-all.png"));

        Path project = Files.createDirectories(root.resolve("srv/app"));
        Files.createDirectories(project.resolve("config"));
        Files.createDirectories(project.resolve("logs"));
        Files.writeString(project.resolve("README.md"), "# app\n\nDeployed by meshcp.\n\n- config/  settings\n- logs/    rotated daily\n");
        Files.writeString(project.resolve("app.env"), "PORT=8080\nLOG_LEVEL=info\nDATABASE_URL=postgres://db.internal/app\n");
        Files.write(project.resolve("app.jar"), new byte[1_348_210]);
        Files.writeString(project.resolve("deploy.sh"), "#!/bin/sh\nset -eu\nsystemctl restart app\n");
        Fx.run(() -> desktop.main().showFiles("web-1"));
        Fx.waitUntil(10, "the root listing", () -> !desktop.files().loadingProperty().get());
        Fx.run(() -> desktop.files().navigate(project.toString()));
        Fx.waitUntil(10, "the listing", () -> desktop.files().entries().size() == 6);
        robot.doubleClickOn("app.env");
        Fx.waitUntil(10, "the preview", () -> desktop.files().previewTextProperty().get() != null
                && desktop.files().previewTextProperty().get().startsWith("PORT"));
        FILES.saveTarget.set(root.resolve("app.jar"));
        robot.clickOn("app.jar");
        robot.clickOn("#files-download");
        Fx.waitUntil(20, "the download", () -> !desktop.files().transferProperty().get().runningProperty().get());
        robot.clickOn("app.env");
        settle();
        Snapshots.save(desktop.stage().getScene(), out.resolve("files.png"));
    }

    private static void resize(double width, double height) throws InterruptedException {
        Fx.run(() -> {
            desktop.stage().setWidth(width);
            desktop.stage().setHeight(height);
        });
        settle();
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(600);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }
}
