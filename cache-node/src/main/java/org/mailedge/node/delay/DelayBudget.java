package org.mailedge.node.delay;

import java.time.Duration;

/**
 * The delay one session still has to serve, handed out one reply at a time, each wait at
 * most the cap, so that no single reply comes near a client's read time-out while the
 * session as a whole takes its total. The first replies take the most (PASS, then STAT, LIST,
 * UIDL and QUIT as the client sends them); what a short session does not use is dropped.
 *
 * <p>Belongs to one session and is used on its event loop only: not thread-safe.
 */
public final class DelayBudget {

    private long remainingMillis;
    private final long capMillis;

    DelayBudget(long totalMillis, long capMillis) {
        this.remainingMillis = totalMillis;
        this.capMillis = capMillis;
    }

    /** The wait before the next delayed reply; zero once the budget is spent. */
    public Duration nextWait() {
        long wait = Math.min(capMillis, remainingMillis);
        remainingMillis -= wait;
        return Duration.ofMillis(wait);
    }

    public Duration remaining() {
        return Duration.ofMillis(remainingMillis);
    }
}
