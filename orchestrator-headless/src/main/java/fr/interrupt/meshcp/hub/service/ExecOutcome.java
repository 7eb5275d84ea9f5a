package fr.interrupt.meshcp.hub.service;

import java.time.Duration;

/** How a command ended. {@code exitCode} is -1 when it was killed (timeout, cancel). */
public record ExecOutcome(String machine, int exitCode, Duration duration, boolean truncated, boolean timedOut,
                          boolean cancelled, long outputBytes) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut && !cancelled;
    }

    /** "exit 0 in 12 ms", "killed after 2.0 s timeout", ... */
    public String summary() {
        String time = duration.toMillis() < 1000 ? duration.toMillis() + " ms"
                : String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        String end = timedOut ? "killed after timeout (" + time + ")"
                : cancelled ? "cancelled after " + time
                : "exit " + exitCode + " in " + time;
        return truncated ? end + ", output truncated at the cap (" + outputBytes + " bytes produced)" : end;
    }
}
