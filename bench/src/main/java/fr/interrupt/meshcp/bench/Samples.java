package fr.interrupt.meshcp.bench;

import java.util.Arrays;

/** Latencies of one measurement, in nanoseconds. */
final class Samples {
    private final long[] nanos;
    private int count;

    Samples(int capacity) {
        nanos = new long[capacity];
    }

    void add(long value) {
        nanos[count++] = value;
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1e6;
    }

    double meanMillis() {
        return Arrays.stream(nanos, 0, count).average().orElse(0) / 1e6;
    }

    /** The median in milliseconds; 0 with no sample. */
    double medianMillis() {
        return count == 0 ? 0 : percentileMillis(50);
    }

    /** The 99th percentile in milliseconds (nearest rank); 0 with no sample. */
    double p99Millis() {
        return count == 0 ? 0 : percentileMillis(99);
    }

    int count() {
        return count;
    }
}
