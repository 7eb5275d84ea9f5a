package fr.interrupt.meshcp.shared.text;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and relative times for people. Two precisions: {@link #human} for measured times (a command, a
 * round trip: "0.4 ms", "850 ms", "12.3 s", "4m 05s", "2h 03m", "3d 04h") and {@link #coarse} for long spans and
 * relative times (an uptime, an expiry: "45s", "56m", "2h 03m", "3d 04h"). Negative durations count as zero.
 * {@link #parse} reads what people type ("90s", "15m", "1h30m", "7d").
 */
public final class Durations {
    /** Under this, a past instant reads "just now". */
    private static final Duration JUST_NOW = Duration.ofSeconds(5);
    /** Under this, {@link #human} keeps a tenth of a millisecond. */
    private static final Duration TENTHS_OF_MS_BELOW = Duration.ofMillis(10);
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([smhd])");

    private Durations() {
    }

    /**
     * A measured time: "0.4 ms" (one decimal under 10 ms, for round trips), "850 ms" (under 1 s), "12.3 s"
     * (under 1 min), "4m 05s", "2h 03m", "3d 04h".
     */
    public static String human(Duration duration) {
        Duration d = duration.isNegative() ? Duration.ZERO : duration;
        if (d.compareTo(TENTHS_OF_MS_BELOW) < 0) {
            return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return minutesAndLonger(ms / 1000);
    }

    /** A long span to the second at most: "45s" (under 1 min), "56m" (under 1 h), then "2h 03m", "3d 04h". */
    public static String coarse(Duration duration) {
        long s = Math.max(0, duration.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        return minutesAndLonger(s);
    }

    /** How long ago {@code then} was: "just now" (under 5 s), "5m ago", "2h 03m ago"; "never" when null. */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        Duration past = Duration.between(then, now);
        return past.compareTo(JUST_NOW) < 0 ? "just now" : coarse(past) + " ago";
    }

    /** How long until {@code then}: "in 56m", "in 2h 03m"; "expired" once it has passed. */
    public static String until(Instant then, Instant now) {
        Duration left = Duration.between(now, then);
        return left.isNegative() || left.isZero() ? "expired" : "in " + coarse(left);
    }

    /**
     * Parses a duration as people type it: one or more number-unit pairs with units s, m, h, d (case-insensitive),
     * each number 1 to 6 digits: "90s", "15m", "24h", "7d", "1h30m".
     *
     * @throws IllegalArgumentException with a sentence that shows the syntax, for anything else (null, blank,
     *     no unit, spaces inside, another unit)
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException("invalid duration \"" + Printable.of(text, 40)
                    + "\": use a number and a unit, such as 30m, 1h, 24h or 7d");
        }
        return total;
    }

    private static String minutesAndLonger(long s) {
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, s % 86_400 / 3600);
    }
}
