package fr.interrupt.meshcp.hub.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a streamed file transfer with an agent may take. {@code idle}: a read ends when the agent sends nothing
 * for this long (a file that never ends, like {@code /proc/kmsg}, or an agent that stopped answering); time spent
 * writing what was received locally does not count. {@code total}: the deadline of a whole read or write, whatever
 * its pace (a file that grows forever under max_file_size_mb still ends).
 *
 * @param idle  at least 1 s
 * @param total at least {@code idle}
 */
public record ReadDeadlines(Duration idle, Duration total) {
    /** 30 s without a byte; 1 hour in all (50 MiB, the agent's default max_file_size_mb, at 15 KiB/s). */
    public static final ReadDeadlines DEFAULT = new ReadDeadlines(Duration.ofSeconds(30), Duration.ofHours(1));

    public ReadDeadlines {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(total, "total");
        if (idle.compareTo(Duration.ofSeconds(1)) < 0 || total.compareTo(idle) < 0) {
            throw new IllegalArgumentException("idle must be at least 1 s and total at least idle");
        }
    }
}
