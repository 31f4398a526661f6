package org.mailedge.notify;

import java.util.concurrent.atomic.LongAdder;

/**
 * The listener's counters, incremented on the session threads and read as one {@link NotifyStats}
 * snapshot. Every increment happens before the SMTP reply it belongs to is written, so a client
 * that has read the reply sees the count.
 */
final class NotifyCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder known = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder notAllowed = new LongAdder();
    private final LongAdder bareLineEnd = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    void accepted(int knownUsers, int unknownUsers) {
        accepted.increment();
        known.add(knownUsers);
        unknown.add(unknownUsers);
    }

    void notAllowed() {
        notAllowed.increment();
    }

    void bareLineEnd() {
        bareLineEnd.increment();
    }

    void tooLarge() {
        tooLarge.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    NotifyStats snapshot() {
        return new NotifyStats(accepted.sum(), known.sum(), unknown.sum(), notAllowed.sum(),
                bareLineEnd.sum(), tooLarge.sum(), rateLimited.sum());
    }
}
