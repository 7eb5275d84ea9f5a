package fr.interrupt.meshcp.desktop.enroll;

import java.time.Duration;

/** How long a new token stays valid, as the dialog offers it. */
public enum TtlChoice {
    FIFTEEN_MINUTES("15 minutes", Duration.ofMinutes(15)),
    ONE_HOUR("1 hour", Duration.ofHours(1)),
    ONE_DAY("24 hours", Duration.ofDays(1)),
    ONE_WEEK("7 days", Duration.ofDays(7));

    private final String label;
    private final Duration duration;

    TtlChoice(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
    }

    public Duration duration() {
        return duration;
    }

    @Override
    public String toString() {
        return label;
    }
}
