package fr.interrupt.meshcp.bench;

import java.util.Locale;

/** How the table writes numbers: three significant figures, with the unit people read best. */
final class Cells {
    private Cells() {
    }

    /** "27.4 ms" under a second, "2.71 s" from one second. */
    static String millis(double millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000) : String.format(Locale.ROOT, "%.3g ms", millis);
    }

    static String mib(double mib) {
        return String.format(Locale.ROOT, "%.0f MiB", mib);
    }

    static String mibPerSecond(double mibPerSecond) {
        return String.format(Locale.ROOT, "%.0f MiB/s", mibPerSecond);
    }

    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%.1f /s", rate);
    }

    /** a / b with two decimals, or {@link Row#NONE} when b is not a positive number. */
    static String ratio(double a, double b) {
        return b > 0 && a >= 0 ? String.format(Locale.ROOT, "%.2f", a / b) : Row.NONE;
    }
}
