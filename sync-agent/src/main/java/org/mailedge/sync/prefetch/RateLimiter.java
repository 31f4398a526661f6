package org.mailedge.sync.prefetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token bucket over an injected {@link Clock}: {@code ratePerSecond} permits per second,
 * bursts of up to one second's worth (the bucket starts full).
 *
 * <p>Two ways to take permits. {@link #acquire(long)} waits until the bucket holds them (or,
 * for more than a bucket's worth, until it is full) and takes them: for counts known in
 * advance, such as one message. {@link #charge(long)} takes permits after the fact, without
 * waiting, and may leave the bucket in debt: for amounts only known afterwards, such as the
 * octets a RETR delivered; {@link #awaitCredit()} then waits until the debt is paid, before
 * the next fetch. Either way the long-run rate holds, and a single message larger than one
 * second's budget is still fetched. Waiting goes through an injected {@link Sleeper}, so tests
 * drive it with a fake clock and never sleep.
 *
 * <p>Thread-safe: bookkeeping under a lock, waiting outside it. One limiter is shared by all
 * prefetches of a {@link Prefetcher}, so their sum is what is capped.
 */
public final class RateLimiter {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double ratePerSecond;
    private final double capacity;
    private final Clock clock;
    private final Sleeper sleeper;
    private double available;
    private Instant last;

    private RateLimiter(double ratePerSecond, Clock clock, Sleeper sleeper) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.available = capacity;
        this.last = clock.instant();
    }

    /** @param ratePerSecond permits per second, &gt; 0 */
    public static RateLimiter perSecond(long ratePerSecond, Clock clock, Sleeper sleeper) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond must be > 0, was " + ratePerSecond);
        }
        return new RateLimiter(ratePerSecond, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(sleeper, "sleeper"));
    }

    /** A limiter that never waits. */
    public static RateLimiter unlimited() {
        return new RateLimiter(Double.POSITIVE_INFINITY, Clock.systemUTC(), duration -> { });
    }

    /** {@link #perSecond} for a positive rate, {@link #unlimited()} for 0 ("no cap"). */
    public static RateLimiter perSecondOrUnlimited(long ratePerSecond, Clock clock, Sleeper sleeper) {
        return ratePerSecond == 0 ? unlimited() : perSecond(ratePerSecond, clock, sleeper);
    }

    public boolean isUnlimited() {
        return Double.isInfinite(ratePerSecond);
    }

    /** How long {@link #acquire(long) acquire(permits)} would wait now. */
    public synchronized Duration waitTime(long permits) {
        requireNotNegative(permits);
        return waitTimeLocked(permits);
    }

    /** How long {@link #awaitCredit()} would wait now: zero unless the bucket is in debt. */
    public Duration waitTime() {
        return waitTime(0);
    }

    /** Waits until the bucket holds {@code permits} (at most a full bucket), then takes them. */
    public void acquire(long permits) throws InterruptedException {
        requireNotNegative(permits);
        while (true) {
            Duration wait;
            synchronized (this) {
                wait = waitTimeLocked(permits);
                if (wait.isZero()) {
                    available -= isUnlimited() ? 0 : permits;
                    return;
                }
            }
            // Then look again: another thread may have taken permits while this one slept.
            sleeper.sleep(wait);
        }
    }

    /** Waits until the bucket is out of debt. */
    public void awaitCredit() throws InterruptedException {
        acquire(0);
    }

    /** Takes permits now, without waiting; may leave the bucket in debt. */
    public synchronized void charge(long permits) {
        requireNotNegative(permits);
        if (!isUnlimited()) {
            refill();
            available -= permits;
        }
    }

    private Duration waitTimeLocked(long permits) {
        if (isUnlimited()) {
            return Duration.ZERO;
        }
        refill();
        double needed = Math.min(permits, capacity);
        if (available >= needed) {
            return Duration.ZERO;
        }
        // Multiply before dividing: exact for the integral amounts callers use.
        return Duration.ofNanos((long) Math.ceil((needed - available) * NANOS_PER_SECOND / ratePerSecond));
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            Duration elapsed = Duration.between(last, now);
            double nanos = elapsed.getSeconds() * NANOS_PER_SECOND + elapsed.getNano();
            available = Math.min(capacity, available + nanos * ratePerSecond / NANOS_PER_SECOND);
            last = now;
        }
        // A clock that steps backwards refills nothing, rather than minting a burst later.
    }

    private static void requireNotNegative(long permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, was " + permits);
        }
    }
}
