package fr.interrupt.meshcp.hub.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the CLI prints them. */
final class TimeText {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    static String utc(Instant instant) {
        return instant == null ? "-" : UTC.format(instant);
    }

    /** "12s ago", "5m ago", "3h ago", "2d ago", or "never". */
    static String ago(Instant instant, Instant now) {
        if (instant == null) {
            return "never";
        }
        return span(Duration.between(instant, now)) + " ago";
    }

    /** "in 59m", or "expired". */
    static String until(Instant instant, Instant now) {
        Duration left = Duration.between(now, instant);
        return left.isNegative() || left.isZero() ? "expired" : "in " + span(left);
    }

    static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 >= 60 ? (s % 3600) / 60 + "m" : "");
        }
        return s / 86400 + "d";
    }

    static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1_000_000.0);
    }
}
