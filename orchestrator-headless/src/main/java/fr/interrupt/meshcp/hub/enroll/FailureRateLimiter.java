package fr.interrupt.meshcp.hub.enroll;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits failed enrollment attempts in a sliding window, so secrets cannot be guessed at speed: per source address,
 * and in total across all sources (guesses spread over many addresses). Successful enrollments do not count. A
 * blocked request that presents a genuine token is still let through by the server, so a neighbour behind the same
 * NAT, or a flood from elsewhere, never locks a real token holder out.
 */
public final class FailureRateLimiter {
    private final int maxPerSource;
    private final int maxTotal;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> failures = new HashMap<>();
    private final Deque<Instant> allFailures = new ArrayDeque<>();

    /**
     * @param maxPerSource failures from one address within {@code window} before it is blocked
     * @param maxTotal failures from all addresses within {@code window} before every unproven request is blocked
     */
    public FailureRateLimiter(int maxPerSource, int maxTotal, Duration window, Clock clock) {
        this.maxPerSource = maxPerSource;
        this.maxTotal = maxTotal;
        this.window = window;
        this.clock = clock;
    }

    /** Why a request from {@code source} is blocked now, in words for the caller; empty when it is not. */
    public synchronized Optional<String> blocked(InetAddress source) {
        expire(allFailures);
        if (allFailures.size() >= maxTotal) {
            return Optional.of("too many failed enrollment attempts at this hub; wait a minute");
        }
        Deque<Instant> recent = failures.get(source);
        if (recent == null) {
            return Optional.empty();
        }
        expire(recent);
        if (recent.isEmpty()) {
            failures.remove(source);
            return Optional.empty();
        }
        return recent.size() >= maxPerSource
                ? Optional.of("too many failed enrollment attempts from this address; wait a minute") : Optional.empty();
    }

    /**
     * Whether {@code source} itself is over its limit, ignoring the hub-wide budget: for requests that reveal nothing
     * (the public install files), which a flood from elsewhere must not stop.
     */
    public synchronized boolean isBlocked(InetAddress source) {
        Deque<Instant> recent = failures.get(source);
        if (recent == null) {
            return false;
        }
        expire(recent);
        return recent.size() >= maxPerSource;
    }

    public synchronized void recordFailure(InetAddress source) {
        Deque<Instant> recent = failures.computeIfAbsent(source, s -> new ArrayDeque<>());
        expire(recent);
        Instant now = clock.instant();
        recent.addLast(now);
        expire(allFailures);
        allFailures.addLast(now);
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
