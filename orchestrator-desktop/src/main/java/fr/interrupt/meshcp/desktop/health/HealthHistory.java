package fr.interrupt.meshcp.desktop.health;

import fr.interrupt.meshcp.desktop.machines.MachineRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * CPU, memory and disk of every machine over the last {@link #WINDOW}, kept in memory from the polls the machines table
 * already makes (one sample per machine per poll, nothing asked of the agents for it). Each machine has a ring of at
 * most {@code capacity} samples, and samples older than the window are dropped, so memory stays bounded whatever the
 * poll rate; a removed machine's ring is dropped at the next poll. Lost when the app closes. FX thread only.
 */
public final class HealthHistory {
    /** How far back the sparklines go. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private final int capacity;
    private final Map<String, ArrayDeque<HealthSample>> rings = new HashMap<>();
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();

    /** {@code capacity}: the most samples kept per machine; {@link #capacityFor} gives the one for a poll interval. */
    public HealthHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
    }

    /** Samples needed for {@link #WINDOW} at one poll every {@code every}, plus one so the line spans the whole hour. */
    public static int capacityFor(Duration every) {
        return (int) Math.max(2, WINDOW.toMillis() / Math.max(1, every.toMillis()) + 1);
    }

    /** Changes after every {@link #record}: views redraw on it. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /**
     * Adds one sample per row from the values the poll just put in it (null values for an offline machine) and forgets
     * machines no longer in {@code rows}.
     */
    public void record(Collection<MachineRow> rows, Instant now) {
        Set<String> present = new HashSet<>();
        for (MachineRow row : rows) {
            present.add(row.name());
            add(row.name(), new HealthSample(now, row.cpuPercentProperty().get(), row.memoryPercentProperty().get(),
                    row.diskPercentProperty().get()));
        }
        rings.keySet().retainAll(present);
        version.set(version.get() + 1);
    }

    /** Adds {@code sample} to {@code machine}'s ring, dropping the oldest beyond the capacity or the window. */
    public void add(String machine, HealthSample sample) {
        ArrayDeque<HealthSample> ring = rings.computeIfAbsent(machine, m -> new ArrayDeque<>());
        ring.addLast(sample);
        Instant oldest = sample.time().minus(WINDOW);
        while (ring.size() > capacity || ring.peekFirst().time().isBefore(oldest)) {
            ring.removeFirst();
        }
    }

    /** {@code machine}'s samples, oldest first (empty when it was never polled). */
    public List<HealthSample> samples(String machine) {
        ArrayDeque<HealthSample> ring = rings.get(machine);
        return ring == null ? List.of() : List.copyOf(ring);
    }

    /** The most samples kept per machine. */
    public int capacity() {
        return capacity;
    }
}
