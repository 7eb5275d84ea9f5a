package fr.interrupt.meshcp.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.main.Page;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's keyboard shortcuts: Ctrl+1..6 switch pages, Ctrl+K and / focus the filter, Esc closes the dialog. */
@ExtendWith(ApplicationExtension.class)
class ShortcutsTest {
    @TempDir
    static Path root;
    private Desktop desktop;

    @Start
    void start(Stage stage) {
        desktop = TestDesktops.start(stage, root.resolve("keys-" + System.nanoTime()), ThemeMode.LIGHT, new TestDesktops.ScriptedFiles());
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> desktop.close()).get(10, TimeUnit.SECONDS);
    }

    private Page page() {
        return Fx.get(() -> desktop.main().pageProperty().get());
    }

    @Test
    void ctrlAndADigitGoToThatPageOfTheSidebar(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        assertThat(page()).isEqualTo(Page.CONSOLE);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        assertThat(page()).isEqualTo(Page.ACTIVITY);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT6);
        assertThat(page()).isEqualTo(Page.POLICY);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT1);
        assertThat(page()).isEqualTo(Page.MACHINES);
    }

    @Test
    void theArrowKeysInTheSidebarMoveToTheNextPage(FxRobot robot) {
        robot.clickOn("#nav-files");
        robot.push(KeyCode.DOWN);
        assertThat(page()).isEqualTo(Page.ACTIVITY);
        assertThat(Fx.get(() -> robot.lookup("#nav-activity").queryAs(ToggleButton.class).isSelected())).isTrue();
    }

    @Test
    void theSidebarsTooltipsShowTheShortcuts(FxRobot robot) {
        ToggleButton console = robot.lookup("#nav-console").queryAs(ToggleButton.class);
        ToggleButton activity = robot.lookup("#nav-activity").queryAs(ToggleButton.class);

        assertThat(Fx.get(() -> console.getTooltip().getText())).isEqualTo("Run command (Ctrl+2)");
        assertThat(Fx.get(() -> activity.getTooltip().getText())).isEqualTo("Activity (Ctrl+4)");
    }

    @Test
    void slashFocusesTheFilterOfThePageShown(FxRobot robot) {
        robot.clickOn("#nav-machines");
        robot.write("/");
        assertThat(Fx.get(() -> robot.lookup("#machines-filter").queryAs(Node.class).isFocused())).isTrue();
        robot.write("web");
        assertThat(Fx.get(() -> desktop.machines().filterProperty().get())).as("the slash itself is not typed").isEqualTo("web");
    }

    @Test
    void ctrlKFocusesTheActivityFilter(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        robot.push(KeyCode.SHORTCUT, KeyCode.K);
        assertThat(Fx.get(() -> robot.lookup("#activity-filter").queryAs(Node.class).isFocused())).isTrue();
    }

    @Test
    void escapeClosesTheAddMachineDialog(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.N);
        Fx.waitUntil(10, "the dialog", () -> desktop.addMachineDialog().stage() != null && desktop.addMachineDialog().stage().isShowing());
        robot.push(KeyCode.ESCAPE);
        Fx.waitUntil(10, "the dialog closed", () -> !desktop.addMachineDialog().stage().isShowing());
    }
}
