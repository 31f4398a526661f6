package org.mailedge.notify;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Limits how many transactions one client address may start per minute, in fixed windows: the
 * first MAIL FROM of a source opens a one-minute window, and at most {@code limit} MAIL FROM
 * commands are granted until it ends. Plain Java over the injected clock, so tests advance time
 * instead of sleeping.
 *
 * <p>A fixed window can let up to twice the limit through around a window boundary; for a
 * notification feed that only needs a ceiling, that is accepted for the simplicity.
 */
final class SourceRateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * Above this many tracked sources, windows that have ended are swept out. Only allowed
     * networks reach the limiter, so in practice the map holds the few central MTAs.
     */
    static final int SWEEP_THRESHOLD = 10_000;

    private final int limit;
    private final Clock clock;
    private final ConcurrentMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

    SourceRateLimiter(int limit, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.clock = clock;
    }

    /** Counts one transaction for {@code source}; false if its window is already full. */
    boolean tryAcquire(InetAddress source) {
        Instant now = clock.instant();
        if (windows.size() > SWEEP_THRESHOLD) {
            windows.values().removeIf(window -> window.hasEndedAt(now));
        }
        Window window = windows.compute(source, (address, current) ->
                (current == null || current.hasEndedAt(now) ? new Window(now, 0) : current).countAttempt(limit));
        return window.attempts() <= limit;
    }

    /** {@code attempts} stops at {@code limit + 1}: enough to tell "full" and never overflows. */
    private record Window(Instant start, int attempts) {

        Window countAttempt(int limit) {
            return new Window(start, Math.min(attempts + 1, limit + 1));
        }

        /** A clock that went backwards also ends the window, so it cannot stick. */
        boolean hasEndedAt(Instant now) {
            return now.isBefore(start) || !now.isBefore(start.plus(WINDOW));
        }
    }
}
