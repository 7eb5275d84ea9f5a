package fr.interrupt.meshcp.desktop;

import fr.interrupt.meshcp.desktop.ui.Icons;
import java.awt.GraphicsEnvironment;
import java.awt.Taskbar;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;

/**
 * The dock icon on macOS, where a Stage's icons do not reach the dock (on Windows and Linux
 * {@code Stage.getIcons()} already sets the taskbar icon). Skipped when AWT has no display.
 */
final class DockIcon {
    private DockIcon() {
    }

    static void install() {
        try {
            if (GraphicsEnvironment.isHeadless() || !Taskbar.isTaskbarSupported()
                    || !Taskbar.getTaskbar().isSupported(Taskbar.Feature.ICON_IMAGE)) {
                return;
            }
            try (InputStream in = DockIcon.class.getResourceAsStream(Icons.resource(512))) {
                if (in != null) {
                    Taskbar.getTaskbar().setIconImage(ImageIO.read(in));
                }
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // a missing dock icon is cosmetic
        }
    }
}
