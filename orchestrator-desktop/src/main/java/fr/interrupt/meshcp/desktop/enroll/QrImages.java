package fr.interrupt.meshcp.desktop.enroll;

import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** Paints a {@link QrCode} into an image: black on white whatever the theme, so phones read it. */
public final class QrImages {
    private QrImages() {
    }

    public static WritableImage render(QrCode code, int pixelsPerModule) {
        int side = code.size() * pixelsPerModule;
        WritableImage image = new WritableImage(side, side);
        PixelWriter writer = image.getPixelWriter();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                writer.setColor(x, y, code.dark(x / pixelsPerModule, y / pixelsPerModule) ? Color.BLACK : Color.WHITE);
            }
        }
        return image;
    }
}
