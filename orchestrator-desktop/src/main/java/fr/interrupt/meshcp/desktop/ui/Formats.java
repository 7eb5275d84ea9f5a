package fr.interrupt.meshcp.desktop.ui;

import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What only the app formats: percentages, countdowns, local date-times. Sizes, durations and modes are
 * {@code fr.interrupt.meshcp.shared.text}, shared with the CLI and MCP; {@link #bytes} and {@link #millis} stay
 * as one-line delegates for the console until it calls that package itself.
 */
public final class Formats {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter DATE_TIME_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** 42.4 → "42%". */
    public static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }

    /** "mm:ss" (or "h:mm:ss") left until {@code end}; "0:00" once passed. */
    public static String countdown(Instant end, Instant now) {
        long s = Math.max(0, Duration.between(now, end).getSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** "2026-11-29 19:05:03" in the system zone, or "" for null: an event's exact time (Activity's tooltips, a run's start). */
    public static String dateTimeSeconds(Instant instant) {
        return instant == null ? "" : DATE_TIME_SECONDS.format(instant);
    }

    /** "2026-11-29 19:05" in the system zone, or "" for null. */
    public static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }
}
