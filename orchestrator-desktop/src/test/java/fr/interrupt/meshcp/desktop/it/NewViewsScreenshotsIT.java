package fr.interrupt.meshcp.desktop.it;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.Snapshots;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * Writes the screenshots of the views added for issue 11 (Activity, the health sparklines, the keyboard focus ring) at
 * 1320x820 and at the minimum 960x600, light and dark, from the real app with real agents. The app's clock moves a
 * minute per poll so an hour of real samples fills the sparklines in seconds. Runs only with -Dmeshcp.screenshots=DIR.
 */
class NewViewsScreenshotsIT {
    @TempDir
    static Path root;
    private static Path out;
    private static Desktop desktop;
    private static Agents agents;
    private static final TestClock CLOCK = new TestClock(Instant.now().minus(Duration.ofMinutes(62)));
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        String dir = System.getProperty("meshcp.screenshots", "");
        Assumptions.assumeFalse(dir.isBlank(), "set -Dmeshcp.screenshots=DIR to write the screenshots");
        out = Path.of(dir).toAbsolutePath();
        Stage stage = FxToolkit.registerPrimaryStage();
        agents = new Agents(root);
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, root, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles(),
                Dialogs.answering(true), CLOCK));
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
    void activityHealthAndFocus() throws Exception {
        for (String name : List.of("web-1", "db-1")) {
            String command = Fx.enrollCommand(desktop, name);
            agents.enrollAndStart(name, command);
        }
        Fx.waitUntil(60, "two machines online", () -> desktop.machines().rows().size() == 2
                && desktop.machines().rows().stream().allMatch(r -> r.reachability() == Reachability.ONLINE));

        // an hour of polls: a minute of the app's clock per poll, while web-1 is busy one poll in three
        JobStatus load = desktop.hub().jobs().start("web-1", ExecOptions.of(
                "for i in $(seq 1 40); do timeout 1 sh -c 'while :; do :; done'; sleep 1; done"));
        for (int i = 0; i < 60; i++) {
            CLOCK.advance(Duration.ofMinutes(1));
            int before = desktop.health().samples("web-1").size();
            Fx.run(() -> desktop.machines().refresh());
            Fx.waitUntil(20, "a poll", () -> desktop.health().samples("web-1").size() > before);
        }
        desktop.hub().jobs().cancel(load.ref());

        actions();
        Fx.run(() -> desktop.main().showActivity());
        Fx.waitUntil(20, "the activity", () -> desktop.activity().entries().size() >= 8);
        shoot("activity", 1320, 820, ThemeMode.LIGHT);
        shoot("activity-dark", 1320, 820, ThemeMode.DARK);
        shoot("activity-small", 960, 600, ThemeMode.LIGHT);
        Fx.run(() -> desktop.activity().callerFilterProperty().set("mcp"));
        shoot("activity-filtered-dark", 960, 600, ThemeMode.DARK);
        Fx.run(() -> desktop.activity().clearFilters());

        Fx.run(() -> desktop.main().showDetails("web-1"));
        Fx.waitUntil(20, "the details", () -> !desktop.details().system().isEmpty() && !desktop.details().loadingProperty().get());
        shoot("machine-health", 1320, 820, ThemeMode.LIGHT);
        shoot("machine-health-dark", 1320, 820, ThemeMode.DARK);
        shoot("machine-health-small", 960, 600, ThemeMode.LIGHT);

        // the focus ring where the keyboard put it: a sidebar item, a button, a table
        Fx.run(() -> desktop.main().showMachines());
        for (ThemeMode mode : List.of(ThemeMode.LIGHT, ThemeMode.DARK)) {
            String theme = mode.name().toLowerCase(java.util.Locale.ROOT);
            Fx.run(() -> desktop.main().theme().modeProperty().set(mode));
            robot.clickOn("#machines-filter");
            for (int i = 0; i < 8 && !Fx.get(() -> desktop.stage().getScene().getFocusOwner().getStyleClass().contains("nav-item")); i++) {
                robot.push(KeyCode.SHIFT, KeyCode.TAB);
            }
            shoot("focus-nav-" + theme, 1320, 820, mode);
            robot.clickOn("#machines-filter");
            robot.push(KeyCode.TAB);
            shoot("focus-button-" + theme, 1320, 820, mode);
            robot.clickOn("db-1");
            shoot("focus-table-" + theme, 1320, 820, mode);
        }
    }

    /** What a small fleet's day looks like in audit.log: the CLI, this app and Claude, one failure. */
    private static void actions() throws Exception {
        Path hubDir = root.resolve("hub");
        try (Hub cli = Hub.open(hubDir, "cli:alice", CLOCK); Hub claude = Hub.open(hubDir, "mcp:claude", CLOCK)) {
            JobStatus uname = cli.jobs().start("web-1", ExecOptions.of("uname -a"));
            cli.jobs().await(uname.ref(), Duration.ofSeconds(20));
            CLOCK.advance(Duration.ofSeconds(40));
            claude.recordToolCall("list_machines", null, Map.of());
            JobStatus df = claude.jobs().start("db-1", ExecOptions.of("df -h /var/lib/postgresql"));
            claude.recordToolCall("exec", "db-1", Map.of("command", "df -h /var/lib/postgresql", "job", df.ref().id()));
            CLOCK.advance(Duration.ofSeconds(25));
            try {
                claude.files().write("db-1", root.resolve("agent-db-1/creds/agent.key").toString(), new java.io.ByteArrayInputStream("x".getBytes()), null, false, sent -> { });
            } catch (RuntimeException refused) {
                // the agent's policy refuses it: the failure is what the screenshot shows
            }
            CLOCK.advance(Duration.ofSeconds(30));
            cli.machines().label("db-1", fr.interrupt.meshcp.shared.labels.LabelEdit.parse(List.of("env=prod")), false);
            JobStatus tests = desktop.hub().jobs().start("web-1", ExecOptions.of("make test"));
            desktop.hub().jobs().await(tests.ref(), Duration.ofSeconds(20));
        }
    }

    private void shoot(String name, double width, double height, ThemeMode mode) throws InterruptedException {
        Fx.run(() -> {
            desktop.main().theme().modeProperty().set(mode);
            desktop.stage().setWidth(width);
            desktop.stage().setHeight(height);
        });
        Thread.sleep(700); // layout, CSS and the table's cells settle; a picture, not an assertion
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Snapshots.save(desktop.stage().getScene(), out.resolve(name + ".png"));
    }
}
