package fr.interrupt.meshcp.desktop.ui;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import org.kordamp.ikonli.javafx.FontIcon;

/** The app icon in every size drawn from icons/meshcp.svg, and the small glyphs used in views. */
public final class Icons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

    private Icons() {
    }

    /** The app icon, all sizes, for {@code Stage.getIcons()} (the window and the taskbar/dock). */
    public static List<Image> appIcons() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            InputStream in = Icons.class.getResourceAsStream(resource(size));
            if (in != null) {
                images.add(new Image(in));
            }
        }
        return images;
    }

    public static String resource(int size) {
        return "/fr/interrupt/meshcp/desktop/icons/meshcp-" + size + ".png";
    }

    /** A Feather glyph ("fth-server"...) at {@code size} px. */
    public static FontIcon glyph(String literal, int size) {
        FontIcon icon = new FontIcon(literal);
        icon.setIconSize(size);
        return icon;
    }
}
