package org.mailedge.sync.deletes;

import java.time.Duration;

/**
 * When a failed delete is tried again: 30 s after the first failure, doubling with each
 * further one, never more than an hour. An hour bounds how stale a delete can get once the
 * central server is back (a user who deleted mail should not see it at another edge for
 * long), while 30 s doubling keeps a dead server from being hammered.
 */
public final class Backoff {

    public static final Duration INITIAL = Duration.ofSeconds(30);
    public static final Duration MAX = Duration.ofHours(1);

    private Backoff() {
    }

    /**
     * @param previousFailures failed attempts before the one that just failed
     *                         ({@code PendingDelete.attempts()})
     */
    public static Duration delayAfterFailure(int previousFailures) {
        if (previousFailures < 0) {
            throw new IllegalArgumentException("previousFailures must be >= 0, was " + previousFailures);
        }
        // 30 s * 2^7 > 1 h already; the cap also keeps the shift from overflowing.
        if (previousFailures >= 7) {
            return MAX;
        }
        Duration delay = INITIAL.multipliedBy(1L << previousFailures);
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
