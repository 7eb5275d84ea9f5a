package fr.interrupt.meshcp.desktop.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.console.OutputLine;
import fr.interrupt.meshcp.desktop.health.HealthSample;
import fr.interrupt.meshcp.desktop.health.Sparkline;
import fr.interrupt.meshcp.desktop.main.Page;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.audit.AuditEntry;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Activity and health with a real agent: an exec the CLI started is a line of the Activity page that opens its job
 * (kept output, exit) on the Run command page; every poll of the machines table adds exactly one health sample, which the
 * machine's page draws.
 */
class DesktopActivityIT {
    @TempDir
    static Path root;
    private static Desktop desktop;
    private static Agents agents;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startApp() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        agents = new Agents(root);
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, root, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles()));
        Fx.enrollOnline(desktop, agents, "web-1");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (desktop != null) {
            FxToolkit.setupFixture(() -> desktop.close());
        }
        if (agents != null) {
            agents.close();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void anExecOfTheCliOpensItsJobFromTheActivityPage() throws Exception {
        JobStatus started;
        try (Hub cli = Hub.open(root.resolve("hub"), "cli:alice")) {
            started = cli.jobs().start("web-1", ExecOptions.of("echo from the audit log; exit 3"));
            cli.jobs().await(started.ref(), Duration.ofSeconds(20));
        }
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        TableView<AuditEntry> table = robot.lookup("#activity-table").queryTableView();
        Fx.waitUntil(15, "the exec line", () -> table.getItems().stream().anyMatch(e -> e.job().isPresent()));
        AuditEntry exec = Fx.get(() -> table.getItems().stream().filter(e -> e.job().isPresent()).findFirst().orElseThrow());
        assertThat(exec.caller()).isEqualTo("cli:alice");
        assertThat(exec.job()).contains(started.ref());

        Fx.run(() -> table.getSelectionModel().select(exec));
        robot.clickOn("#activity-open");

        Fx.waitUntil(15, "the Run command page", () -> desktop.main().pageProperty().get() == Page.CONSOLE);
        String id = "#output-web-1-" + started.ref().id();
        Fx.waitUntil(15, "its kept output", () -> robot.lookup(id).tryQuery().isPresent() && lines(id).contains("from the audit log"));
        Fx.waitUntil(15, "its exit", () -> desktop.console().shownProperty().get().summaryProperty().get().contains("3"));
    }

    @Test
    void everyPollAddsOneHealthSampleThatTheMachinesPageDraws() {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Fx.run(() -> desktop.machines().onPolled(() -> sizes.add(desktop.health().samples("web-1").size())));
        for (int i = 0; i < 3; i++) {
            int before = sizes.size();
            Fx.run(() -> desktop.machines().refresh());
            Fx.waitUntil(15, "a poll", () -> sizes.size() > before);
        }
        for (int i = 1; i < sizes.size(); i++) {
            assertThat(sizes.get(i)).as("samples after poll %d: %s", i, sizes).isEqualTo(sizes.get(i - 1) + 1);
        }
        HealthSample last = Fx.get(() -> desktop.health().samples("web-1").get(desktop.health().samples("web-1").size() - 1));
        assertThat(last.memory()).isBetween(0.0, 100.0);
        assertThat(last.disk()).isBetween(0.0, 100.0);

        Fx.run(() -> desktop.main().showDetails("web-1"));
        Fx.waitUntil(15, "the sparklines", () -> robot.lookup("#health-memory").queryAs(Sparkline.class).segments() == 1);
        assertThat(Fx.get(() -> robot.lookup("#health-memory-value").queryLabeled().getText())).contains("% now");
    }

    private List<String> lines(String id) {
        @SuppressWarnings("unchecked")
        ListView<OutputLine> output = robot.lookup(id).queryAs(ListView.class);
        return output.getItems().stream().map(OutputLine::text).toList();
    }
}
