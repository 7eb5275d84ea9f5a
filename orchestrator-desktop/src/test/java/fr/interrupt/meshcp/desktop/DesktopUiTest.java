package fr.interrupt.meshcp.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window on an empty data dir, headless (Monocle): what a new user sees first. */
@ExtendWith(ApplicationExtension.class)
class DesktopUiTest {
    @TempDir
    static Path root;
    private Desktop desktop;

    @Start
    void start(Stage stage) {
        desktop = TestDesktops.start(stage, root.resolve("ui-" + System.nanoTime()), ThemeMode.LIGHT, new TestDesktops.ScriptedFiles());
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> desktop.close()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void emptyDataDirShowsHowToAddTheFirstMachine(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#machines-empty").queryAs(Node.class).isVisible());
        assertThat(robot.lookup("No machines yet: issue a token").tryQuery()).isPresent();
        String shots = System.getProperty("meshcp.debug.shots");
        if (shots != null) {
            Snapshots.save(desktop.stage().getScene(), Path.of(shots, "empty.png"));
            robot.clickOn("#machines-add");
            robot.clickOn("#add-name").write("web-1");
            robot.clickOn("#add-create");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#add-result").queryAs(Node.class).isVisible());
            WaitForAsyncUtils.waitForFxEvents();
            Snapshots.save(desktop.addMachineDialog().stage().getScene(), Path.of(shots, "add.png"));
        }
    }
}
