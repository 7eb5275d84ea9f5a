package fr.interrupt.meshcp.desktop.activity;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.main.Page;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.audit.AuditEntry;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.state.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Activity page on a real audit.log that other processes append to: lines appear live, filters narrow them. */
@ExtendWith(ApplicationExtension.class)
class ActivityPageTest {
    @TempDir
    static Path root;
    private Path dataDir;
    private Desktop desktop;

    @Start
    void start(Stage stage) {
        Path here = root.resolve("activity-" + System.nanoTime());
        dataDir = here.resolve("hub");
        desktop = TestDesktops.start(stage, here, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles());
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> desktop.close()).get(10, TimeUnit.SECONDS);
    }

    private AuditLog log(String caller) {
        return new AuditLog(dataDir.resolve("audit.log"), caller, Clock.systemUTC(), Json.mapper());
    }

    private TableView<AuditEntry> table(FxRobot robot) {
        return robot.lookup("#activity-table").queryTableView();
    }

    private List<String> whats(FxRobot robot) {
        return Fx.get(() -> table(robot).getItems().stream().map(AuditEntry::subject).toList());
    }

    @Test
    void linesAppendedByOtherProcessesAppearNewestFirst(FxRobot robot) throws Exception {
        log("cli:alice").record("exec", "web-1", Map.of("command", "uptime", "state", "exited", "exit_code", 0));
        robot.clickOn("#nav-activity");
        Fx.waitUntil(10, "the first line", () -> whats(robot).equals(List.of("uptime")));

        log("mcp:alice").record("mcp:exec", "db-1", Map.of("command", "df -h"));
        Files.writeString(dataDir.resolve("audit.log"), "a line cut by a full disk\n", StandardOpenOption.APPEND);
        log("desktop:bob").record("write_file", "db-1", Map.of("path", "/etc/motd", "error", "path /etc/motd is outside allowed_paths"));

        Fx.waitUntil(10, "the appended lines", () -> whats(robot).equals(List.of("/etc/motd", "df -h", "uptime")));
        AuditEntry claude = Fx.get(() -> table(robot).getItems().get(1));
        assertThat(ActivityViewModel.who(claude)).isEqualTo("Claude (mcp:alice)");
        assertThat(robot.lookup("Claude (mcp:alice)").tryQuery()).isPresent();
        assertThat(robot.lookup("exit 0").tryQuery()).isPresent();
        assertThat(robot.lookup("failed").tryQuery()).isPresent();
        assertThat(Fx.get(() -> robot.lookup("#activity-count").queryAs(Label.class).getText())).isEqualTo("3 entries");
    }

    @Test
    void theFiltersNarrowTheList(FxRobot robot) {
        log("cli:alice").record("exec", "web-1", Map.of("command", "uptime"));
        log("mcp:alice").record("mcp:exec", "db-1", Map.of("command", "df -h"));
        log("mcp:alice").record("mcp:read_file", "web-1", Map.of("path", "/var/log/syslog"));
        log("desktop:bob").record("write_file", "db-1", Map.of("path", "/etc/motd"));
        robot.clickOn("#nav-activity");
        Fx.waitUntil(10, "four lines", () -> whats(robot).size() == 4);

        select(robot, "#activity-machine", "db-1");
        assertThat(whats(robot)).containsExactly("/etc/motd", "df -h");
        log("cli:carol").record("exec", "app-0", Map.of("command", "hostname"));
        Fx.waitUntil(10, "a new machine to choose", () -> desktop.activity().machineChoices().contains("app-0"));
        assertThat(Fx.get(() -> List.copyOf(desktop.activity().machineChoices()))).containsExactly("", "app-0", "db-1", "web-1");
        assertThat(whats(robot)).as("the choice made stays").containsExactly("/etc/motd", "df -h");
        select(robot, "#activity-caller", "mcp");
        assertThat(whats(robot)).containsExactly("df -h");
        robot.clickOn("#activity-clear");
        assertThat(whats(robot)).hasSize(5);

        select(robot, "#activity-action", "mcp");
        assertThat(whats(robot)).containsExactly("/var/log/syslog", "df -h");
        robot.clickOn("#activity-filter").write("syslog");
        assertThat(whats(robot)).containsExactly("/var/log/syslog");
        assertThat(Fx.get(() -> robot.lookup("#activity-count").queryAs(Label.class).getText())).isEqualTo("1 of 5 entries");
    }

    @Test
    void anExecWhoseAgentIsGoneSaysWhyItsJobCannotOpen(FxRobot robot) {
        log("cli:alice").record("exec", "gone-1", Map.of("command", "make", "job", "0123456789ab", "state", "exited", "exit_code", 0));
        log("cli:alice").record("label", "gone-1", Map.of("set", "env=prod"));
        robot.clickOn("#nav-activity");
        Fx.waitUntil(10, "two lines", () -> whats(robot).size() == 2);

        Fx.run(() -> table(robot).getSelectionModel().select(0));
        assertThat(Fx.get(() -> robot.lookup("#activity-open").queryButton().isDisabled())).as("a label line has no job").isTrue();
        robot.doubleClickOn("make");

        Fx.waitUntil(10, "the reason", () -> robot.lookup("#activity-status").queryAs(Label.class).getText()
                .startsWith("Cannot open gone-1:0123456789ab: "));
        assertThat(Fx.get(() -> desktop.main().pageProperty().get())).isEqualTo(Page.ACTIVITY);
    }

    @SuppressWarnings("unchecked")
    private static void select(FxRobot robot, String box, String value) {
        ComboBox<String> combo = robot.lookup(box).queryAs(ComboBox.class);
        Fx.run(() -> combo.getSelectionModel().select(value));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
