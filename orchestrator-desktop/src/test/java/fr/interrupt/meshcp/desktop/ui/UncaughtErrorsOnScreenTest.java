package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.it.Fx;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** An exception nothing caught on the FX thread (as from a cell factory) ends as one short sentence on screen. */
@ExtendWith(ApplicationExtension.class)
class UncaughtErrorsOnScreenTest {
    private Thread.UncaughtExceptionHandler before;
    private Thread.UncaughtExceptionHandler fxBefore;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(new Label("the app")), 400, 300));
        stage.show();
        before = Thread.getDefaultUncaughtExceptionHandler();
        fxBefore = Thread.currentThread().getUncaughtExceptionHandler();
        UncaughtErrors.install(UncaughtErrors.showingAlerts(() -> stage));
        // the FX thread then falls back on the default, as in the app (TestFX may have set one of its own)
        Thread.currentThread().setUncaughtExceptionHandler(null);
    }

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(before);
        Fx.run(() -> Thread.currentThread().setUncaughtExceptionHandler(fxBefore));
    }

    @Test
    void anExceptionOnTheFxThreadShowsTheSentenceWithoutItsClassOrMessage(FxRobot robot) {
        Platform.runLater(() -> {
            throw new IllegalStateException("index 3 out of bounds in MachineRow");
        });
        Fx.waitUntil(10, "the alert", () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        String shown = Fx.get(() -> robot.lookup(".dialog-pane").queryAs(DialogPane.class).getContentText());
        assertThat(shown).isEqualTo(UncaughtErrors.SENTENCE);
        assertThat(Fx.get(() -> robot.lookup((Node n) -> n instanceof Label l && l.getText() != null
                && (l.getText().contains("IllegalStateException") || l.getText().contains("MachineRow"))).tryQuery())).isEmpty();
        Fx.run(() -> robot.lookup(".dialog-pane").queryAs(DialogPane.class).getScene().getWindow().hide());
    }
}
