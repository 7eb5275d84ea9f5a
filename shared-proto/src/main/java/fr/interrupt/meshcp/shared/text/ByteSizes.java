package fr.interrupt.meshcp.shared.text;

import java.util.Locale;

/** Byte counts for people, in IEC (powers of 1024) units everywhere: "512 B", "1.5 KiB", "47.2 MiB", "3.9 GiB". */
public final class ByteSizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {
    }

    /**
     * Formats a byte count: under 1024 as a whole number of bytes ("512 B"), otherwise with one decimal in the
     * largest IEC unit that keeps the number at least 1 ("1.5 KiB", up to EiB). A negative count is printed as
     * a plain number of bytes ("-3 B").
     */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
