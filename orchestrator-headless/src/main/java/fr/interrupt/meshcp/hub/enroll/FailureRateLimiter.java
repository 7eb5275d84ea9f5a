package fr.interrupt.meshcp.hub.enroll;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits failed enrollment attempts per source address (a sliding window), so secrets cannot be
 * guessed at speed. Successful enrollments do not count.
 */
public final class FailureRateLimiter {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> failures = new HashMap<>();

    public FailureRateLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    public synchronized boolean isBlocked(InetAddress source) {
        Deque<Instant> recent = failures.get(source);
        if (recent == null) {
            return false;
        }
        expire(recent);
        if (recent.isEmpty()) {
            failures.remove(source);
            return false;
        }
        return recent.size() >= maxFailures;
    }

    public synchronized void recordFailure(InetAddress source) {
        Deque<Instant> recent = failures.computeIfAbsent(source, s -> new ArrayDeque<>());
        expire(recent);
        recent.addLast(clock.instant());
        if (failures.size() > 10_000) {
            failures.values().forEach(this::expire);
            failures.values().removeIf(Deque::isEmpty);
        }
    }

    private void expire(Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
    }
}
