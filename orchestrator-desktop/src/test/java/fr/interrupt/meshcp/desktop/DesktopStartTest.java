package fr.interrupt.meshcp.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.Theme;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window shows at once, saying the hub is opening, while the hub (its CA made on first use) opens off the FX thread. */
@ExtendWith(ApplicationExtension.class)
class DesktopStartTest {
    @TempDir
    static Path root;
    private final AtomicReference<Desktop> desktop = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private String shownFirst;

    @Start
    void start(Stage stage) {
        Path dir = root.resolve("start-" + System.nanoTime());
        Desktop.Config config = new Desktop.Config(dir.resolve("hub"), "127.0.0.1:0", null, new Theme(ThemeMode.LIGHT, false, null),
                Optional.empty(), dir.resolve("local-agent"), Map.of("PATH", ""), null, new TestDesktops.ScriptedFiles(),
                Dialogs.answering(true), Clock.systemUTC());
        Desktop.startInBackground(stage, config, desktop::set, failure::set);
        shownFirst = stage.isShowing() ? ((Label) stage.getScene().lookup("#opening-hub")).getText() : null;
    }

    @AfterEach
    void close() throws Exception {
        if (desktop.get() != null) {
            WaitForAsyncUtils.asyncFx(() -> desktop.get().close()).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theWindowSaysTheHubIsOpeningThenShowsTheMachines(FxRobot robot) {
        assertThat(shownFirst).isEqualTo("Opening the hub…");
        Fx.waitUntil(30, "the machines page", () -> desktop.get() != null || failure.get() != null);
        assertThat(failure.get()).isNull();
        Fx.waitUntil(10, "the empty state", () -> robot.lookup("#machines-empty").queryAs(Node.class).isVisible());
    }
}
