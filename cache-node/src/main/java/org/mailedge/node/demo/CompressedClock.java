package org.mailedge.node.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock on which time runs {@code scale} times faster than on its base clock:
 * {@code virtual = start + realElapsed * scale}, where {@code start} is the base clock's
 * instant when this clock was made.
 *
 * <p>Why: the attenuation rules work in minutes (the time rule's default interval is 15
 * minutes), so a demo in real time would show nothing in the minute a new user gives it. The
 * policy engine reads only its injected {@link Clock}, so running the unchanged edge, the
 * simulated subscribers and the mail generator on one compressed clock shows two hours of an
 * ISP's evening in one real minute, with every rule behaving as it would in production.
 *
 * <p>Network time-outs (Netty's idle timers, socket time-outs) stay in real time: they guard
 * sockets, not policy.
 */
public final class CompressedClock extends Clock {

    private final Clock base;
    private final double scale;
    private final Instant realStart;
    private final ZoneId zone;

    /**
     * @param base  the clock whose elapsed time is compressed; tests pass one they move by hand
     * @param scale virtual seconds per real second, greater than zero
     */
    public CompressedClock(Clock base, double scale) {
        this(base, scale, base.instant(), ZoneOffset.UTC);
    }

    private CompressedClock(Clock base, double scale, Instant realStart, ZoneId zone) {
        this.base = Objects.requireNonNull(base, "base");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number greater than 0: " + scale);
        }
        this.scale = scale;
        this.realStart = realStart;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * A compressed clock over the JVM's monotonic timer, starting at the current wall-clock
     * instant: virtual time never runs backwards when the system clock is adjusted, which
     * the demo's bookkeeping (comparing instants taken on different threads) relies on.
     */
    public static CompressedClock startingNow(double scale) {
        return new CompressedClock(MonotonicClock.startingNow(), scale);
    }

    public double scale() {
        return scale;
    }

    /** The virtual instant at which this clock started (its base clock's instant then). */
    public Instant start() {
        return realStart;
    }

    /** Virtual time elapsed since the clock started. */
    public Duration elapsed() {
        return toVirtual(realElapsed());
    }

    /** Real time elapsed since the clock started. */
    public Duration realElapsed() {
        return Duration.between(realStart, base.instant());
    }

    /** How long a virtual span lasts in real time. */
    public Duration toReal(Duration virtual) {
        return Duration.ofNanos(Math.round(virtual.toNanos() / scale));
    }

    /** How long a real span lasts in virtual time. */
    public Duration toVirtual(Duration real) {
        return Duration.ofNanos(Math.round(real.toNanos() * scale));
    }

    @Override
    public Instant instant() {
        return realStart.plus(elapsed());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same virtual time line (same start and base), shown in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new CompressedClock(base, scale, realStart, zone);
    }

    @Override
    public String toString() {
        return "CompressedClock[x" + scale + ", started " + realStart + "]";
    }
}
