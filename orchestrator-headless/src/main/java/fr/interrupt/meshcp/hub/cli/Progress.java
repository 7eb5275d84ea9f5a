package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A transfer meter on one stderr line, redrawn at most every {@link #INTERVAL_NANOS}: bytes so far,
 * the total and percentage when known, and the rate. Draws nothing when stderr is not a terminal.
 */
final class Progress implements LongConsumer {
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private int lastWidth;

    /** {@code total} is -1 when unknown. */
    Progress(PrintStream err, boolean enabled, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    static Progress none() {
        return new Progress(null, false, "", -1);
    }

    @Override
    public void accept(long bytes) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDrawn < INTERVAL_NANOS && (total < 0 || bytes < total)) {
            return;
        }
        lastDrawn = now;
        draw(text(label, bytes, total, now - started));
    }

    /** Clears the meter's line. */
    void done() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }

    static String text(String label, long bytes, long total, long elapsedNanos) {
        StringBuilder line = new StringBuilder(label).append("  ").append(ByteSizes.format(bytes));
        if (total >= 0) {
            line.append(" / ").append(ByteSizes.format(total));
            if (total > 0) {
                line.append(String.format(Locale.ROOT, "  %3d%%", Math.min(100, bytes * 100 / total)));
            }
        }
        if (elapsedNanos > 0) {
            line.append("  ").append(ByteSizes.format((long) (bytes / (elapsedNanos / 1e9)))).append("/s");
        }
        return line.toString();
    }

    private void draw(String text) {
        String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
        lastWidth = text.length();
        err.print("\r" + padded);
        err.flush();
    }
}
