package fr.interrupt.meshcp.desktop;

import fr.interrupt.meshcp.desktop.files.LocalFiles;
import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.SystemTheme;
import fr.interrupt.meshcp.desktop.ui.Theme;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.desktop.ui.UncaughtErrors;
import fr.interrupt.meshcp.desktop.ui.UserMessages;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/**
 * The JavaFX application: reads the command line, detects the system theme (off the FX thread), installs the one
 * handler for uncaught exceptions, then shows the window while the hub opens in the background.
 */
public final class DesktopApp extends Application {
    private DesktopOptions options;
    private boolean systemDark;
    private volatile Desktop desktop;

    @Override
    public void init() {
        options = DesktopOptions.parse(getParameters().getRaw().toArray(String[]::new));
        systemDark = SystemTheme.prefersDark(System.getenv());
    }

    @Override
    public void start(Stage stage) {
        UncaughtErrors.install(UncaughtErrors.showingAlerts(() -> stage));
        Map<String, String> env = System.getenv();
        Preferences preferences = Desktop.preferences();
        ThemeMode mode = options.theme() != null ? options.theme() : Theme.saved(preferences);
        Path dataDir = options.dataDir(env);
        Desktop.Config config = new Desktop.Config(dataDir, options.listen(), options.address(),
                new Theme(mode, systemDark, preferences), Optional.ofNullable(options.agentLauncher()),
                options.localAgentDir(dataDir), env, System.getProperty("meshcp.app.home"), LocalFiles.native_(), Dialogs.native_(),
                Clock.systemUTC());
        Desktop.startInBackground(stage, config, started -> {
            desktop = started;
            DockIcon.install();
        }, failure -> {
            Alert alert = new Alert(Alert.AlertType.ERROR, UserMessages.describe(failure));
            alert.setHeaderText("meshcp cannot start");
            alert.showAndWait();
            Platform.exit();
        });
    }

    @Override
    public void stop() {
        if (desktop != null) {
            desktop.close();
        }
    }
}
