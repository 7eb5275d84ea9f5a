package fr.interrupt.meshcp.desktop.enroll;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A QR code's modules (ZXing), with a quiet zone; the view paints it at any scale. */
public final class QrCode {
    private static final int QUIET_ZONE = 2;
    private final BitMatrix matrix;
    private final String text;

    private QrCode(BitMatrix matrix, String text) {
        this.matrix = matrix;
        this.text = text;
    }

    public static QrCode encode(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, QUIET_ZONE));
            return new QrCode(matrix, text);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /** Modules per side, quiet zone included. */
    public int size() {
        return matrix.getWidth();
    }

    /** True for a dark module. */
    public boolean dark(int x, int y) {
        return matrix.get(x, y);
    }

    public String text() {
        return text;
    }
}
