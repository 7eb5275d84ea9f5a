package fr.interrupt.meshcp.desktop.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, sizes and times read in the app. */
public final class Formats {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private Formats() {
    }

    /** 1536 → "1.5 KB" (powers of 1024, the way file managers show sizes). */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    public static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }

    /** "45s", "12m", "3h 5m", "4d 2h". */
    public static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            long m = (s % 3600) / 60;
            return s / 3600 + "h" + (m > 0 ? " " + m + "m" : "");
        }
        long h = (s % 86400) / 3600;
        return s / 86400 + "d" + (h > 0 ? " " + h + "h" : "");
    }

    /** "just now", "12s ago", "5m ago", or "never". */
    public static String ago(Instant instant, Instant now) {
        if (instant == null) {
            return "never";
        }
        Duration d = Duration.between(instant, now);
        return d.getSeconds() < 5 ? "just now" : span(d) + " ago";
    }

    /** "mm:ss" (or "h:mm:ss") left until {@code end}; "0:00" once passed. */
    public static String countdown(Instant end, Instant now) {
        long s = Math.max(0, Duration.between(now, end).getSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    public static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    public static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** 0755 → "rwxr-xr-x". */
    public static String mode(int mode) {
        String chars = "rwxrwxrwx";
        StringBuilder out = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            out.append((mode & (1 << (8 - i))) != 0 ? chars.charAt(i) : '-');
        }
        return out.toString();
    }
}
