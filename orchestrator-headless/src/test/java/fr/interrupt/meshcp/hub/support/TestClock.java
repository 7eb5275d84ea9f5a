package fr.interrupt.meshcp.hub.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand. It starts at the real current time, because certificates the hub
 * issues are checked by the JDK against real time during TLS handshakes.
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
