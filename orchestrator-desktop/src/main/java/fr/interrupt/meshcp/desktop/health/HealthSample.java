package fr.interrupt.meshcp.desktop.health;

import java.time.Instant;

/**
 * One poll of a machine, as the health sparklines draw it. Percentages are 0 to 100, null when the poll could not tell
 * (the machine was offline, or its agent did not report that value): the sparkline leaves a gap there.
 *
 * @param time   when the poll's answer arrived (the app's clock)
 * @param cpu    CPU use in percent of all cores, or null
 * @param memory memory in use (total minus available) in percent, or null
 * @param disk   the main disk's use in percent (as {@code df} counts it), or null
 */
public record HealthSample(Instant time, Double cpu, Double memory, Double disk) {
    /** The three measures, in the order the page shows them. */
    public enum Measure {
        CPU("CPU"),
        MEMORY("Memory"),
        DISK("Disk");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        /** The word for people. */
        public String label() {
            return label;
        }
    }

    /** The value of {@code measure}, or null. */
    public Double value(Measure measure) {
        return switch (measure) {
            case CPU -> cpu;
            case MEMORY -> memory;
            case DISK -> disk;
        };
    }

    /** True when the poll got no value at all (offline). */
    public boolean isGap() {
        return cpu == null && memory == null && disk == null;
    }
}
