package fr.interrupt.meshcp.hub.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates as the CLI prints them; durations and relative times are {@link fr.interrupt.meshcp.shared.text.Durations}. */
final class TimeText {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** "2026-11-29 19:05:03Z": a time to the second, for lists of events (audit). */
    static String utcSeconds(Instant instant) {
        return UTC_SECONDS.format(instant);
    }

    /** "2026-11-29 19:05 UTC", or "-" for null. */
    static String utc(Instant instant) {
        return instant == null ? "-" : UTC.format(instant);
    }
}
