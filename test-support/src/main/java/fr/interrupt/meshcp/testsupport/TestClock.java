package fr.interrupt.meshcp.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, in UTC. The no-argument one starts at the real current time, for code
 * whose certificates the JDK checks against real time during TLS handshakes.
 */
public final class TestClock extends Clock {
    private volatile Instant now;

    public TestClock() {
        this(Instant.now());
    }

    public TestClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
