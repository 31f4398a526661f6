package org.mailedge.node.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that reads {@link System#nanoTime()} from a wall-clock anchor. Unlike
 * {@link Clock#systemUTC()} it never steps backwards when NTP adjusts the system clock, so
 * two readings on different threads are ordered as the reads were: the demo decides whether
 * a check started before a message was delivered by comparing such readings.
 */
final class MonotonicClock extends Clock {

    private final Instant anchor;
    private final long anchorNanos;

    private MonotonicClock(Instant anchor, long anchorNanos) {
        this.anchor = anchor;
        this.anchorNanos = anchorNanos;
    }

    static MonotonicClock startingNow() {
        return new MonotonicClock(Instant.now(), System.nanoTime());
    }

    @Override
    public Instant instant() {
        return anchor.plusNanos(System.nanoTime() - anchorNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the demo's base clock runs in UTC only");
    }
}
