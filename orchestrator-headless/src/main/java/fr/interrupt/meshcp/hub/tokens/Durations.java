package fr.interrupt.meshcp.hub.tokens;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: 90s, 15m, 1h, 24h, 7d, or combined like 1h30m. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([smhd])");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        Matcher m = PART.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(text);
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw invalid(text);
        }
        return total;
    }

    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s % 86400 == 0 && s > 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static MeshcpException invalid(String text) {
        return new MeshcpException(MeshcpException.Kind.INVALID_INPUT,
                "invalid duration \"" + text + "\": use a number and a unit, such as 30m, 1h, 24h or 7d");
    }
}
