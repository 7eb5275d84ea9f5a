package fr.interrupt.meshcp.desktop;

import fr.interrupt.meshcp.desktop.files.LocalFiles;
import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.Theme;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;

/** Builds the real desktop on a temp data dir for UI tests: loopback enrollment on a free port, no saved preferences. */
public final class TestDesktops {
    private TestDesktops() {
    }

    /** Where downloads go and what uploads send, instead of the native file dialogs. */
    public static final class ScriptedFiles implements LocalFiles {
        public final AtomicReference<Path> saveTarget = new AtomicReference<>();
        public final AtomicReference<Path> upload = new AtomicReference<>();

        @Override
        public Optional<Path> chooseSaveTarget(javafx.stage.Window owner, String suggestedName) {
            return Optional.ofNullable(saveTarget.get());
        }

        @Override
        public Optional<Path> chooseUpload(javafx.stage.Window owner) {
            return Optional.ofNullable(upload.get());
        }
    }

    public static Desktop start(Stage stage, Path root, ThemeMode mode, LocalFiles files) {
        return start(stage, root, mode, files, Dialogs.answering(true));
    }

    /** {@code dialogs} answers the confirmations (cancel a job...) instead of a person. */
    public static Desktop start(Stage stage, Path root, ThemeMode mode, LocalFiles files, Dialogs dialogs) {
        return start(stage, root, mode, files, dialogs, Clock.systemUTC());
    }

    /** With the clock the hub and the app use (screenshots move it to show an hour of health samples). */
    public static Desktop start(Stage stage, Path root, ThemeMode mode, LocalFiles files, Dialogs dialogs, Clock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "");
        String launcher = agentLauncher();
        Path dataDir = root.resolve("hub");
        return Desktop.start(stage, new Desktop.Config(dataDir, "127.0.0.1:0", null, new Theme(mode, false, null),
                Optional.ofNullable(launcher), root.resolve("local-agent"), env, null, files, dialogs, clock));
    }

    /** The built agent launcher (failsafe sets meshcp.agent.dist), or null. */
    public static String agentLauncher() {
        String dist = System.getProperty("meshcp.agent.dist");
        return dist == null || dist.isBlank() ? null : Path.of(dist, "bin", "meshcp-agent").toString();
    }
}
