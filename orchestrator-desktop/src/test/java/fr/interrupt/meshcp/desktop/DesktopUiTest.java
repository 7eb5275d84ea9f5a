package fr.interrupt.meshcp.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.it.QrDecoder;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window on an empty data dir, headless (Monocle), no agent needed: what a new user sees first. */
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
    void anEmptyDataDirShowsHowToAddTheFirstMachine(FxRobot robot) {
        Fx.waitUntil(10, "the empty state", () -> robot.lookup("#machines-empty").queryAs(Node.class).isVisible());
        assertThat(robot.lookup("No machines yet: issue a token").tryQuery()).isPresent();
        Fx.waitUntil(10, "the endpoint", () -> robot.lookup("#endpoint-status").queryAs(Label.class).getText()
                .startsWith("Enrollment endpoint on https://127.0.0.1:"));
    }

    @Test
    void theTokenDialogChecksTheNameAsItIsTypedAndItsQrCodeDecodesToTheCommandShown(FxRobot robot) {
        robot.clickOn("#empty-add");
        robot.clickOn("#add-name").write("Web");
        assertThat(Fx.get(() -> robot.lookup("#add-name-error").queryAs(Label.class).getText())).isEqualTo("Lowercase letters only.");
        assertThat(Fx.get(() -> robot.lookup("#add-create").queryAs(Node.class).isDisabled())).isTrue();
        robot.eraseText(3).write("web-1");
        robot.clickOn("#add-create");
        Fx.waitUntil(10, "the token", () -> robot.lookup("#add-result").queryAs(Node.class).isVisible());
        String shown = Fx.get(() -> robot.lookup("#add-command").queryAs(TextArea.class).getText());
        assertThat(QrDecoder.decode(Fx.get(() -> robot.lookup("#add-qr").queryAs(ImageView.class).getImage()))).isEqualTo(shown);
        assertThat(shown).startsWith("echo meshcp1.").contains(" | meshcp-agent enroll --orchestrator https://127.0.0.1:").endsWith(" --token -");
    }

    @Test
    void aPendingTokenIsRevokedFromTheDialog(FxRobot robot) {
        robot.clickOn("#machines-add");
        robot.clickOn("#add-name").write("db-1");
        robot.clickOn("#add-create");
        TableView<?> tokens = robot.lookup("#tokens-table").queryTableView();
        Fx.waitUntil(10, "the pending token", () -> tokens.getItems().size() == 1);
        Fx.waitUntil(10, "its revoke button", () -> robot.lookup("#tokens-table .button").tryQuery()
                .filter(Node::isVisible).isPresent());
        robot.clickOn(robot.lookup("#tokens-table .button").queryAs(Node.class));
        Fx.waitUntil(10, "no pending token", () -> tokens.getItems().isEmpty());
        assertThat(Fx.get(() -> desktop.hub().tokens().list().get(0).revokedAt())).isNotNull();
        assertThat(Fx.get(() -> robot.lookup("#add-form").queryAs(Node.class).isVisible())).isTrue();
    }

    @Test
    void addThisComputerSaysWhenNoAgentLauncherIsFound(FxRobot robot) {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDesktops.agentLauncher() == null, "an agent launcher is configured");
        robot.clickOn("#empty-local");
        Label status = robot.lookup("#local-status").queryAs(Label.class);
        Fx.waitUntil(10, "the message (it says: " + Fx.get(status::getText) + ")",
                () -> status.getText().startsWith("The meshcp-agent launcher cannot be found"));
    }

    @Test
    void theThemeSwitchTurnsTheAppDark(FxRobot robot) {
        Fx.waitUntil(10, "the window", () -> robot.lookup("#machines-empty").queryAs(Node.class).isVisible());
        robot.clickOn(robot.lookup(".theme-switch .right-pill").queryAs(Node.class));
        assertThat(Fx.get(Application::getUserAgentStylesheet)).contains("primer-dark");
        assertThat(Fx.get(() -> desktop.main().theme().darkProperty().get())).isTrue();
        robot.clickOn(robot.lookup(".theme-switch .center-pill").queryAs(Node.class));
        assertThat(Fx.get(Application::getUserAgentStylesheet)).contains("primer-light");
    }
}
