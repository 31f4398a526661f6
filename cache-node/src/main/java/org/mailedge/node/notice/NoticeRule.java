package org.mailedge.node.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a user is sent a notice (docs/policies.md, "Attenuation notices"). A notice is owed for
 * a check answered at the edge at {@code a} if no notice was sent in the period before
 * {@code a}; it is sent while {@code a} is less than a period old. So a user whose client
 * makes no check the edge answers (one that polls no more often than the desired interval)
 * is never sent another notice, and one who keeps polling too often gets one per period.
 * Plain Java, no clock of its own.
 */
final class NoticeRule {

    enum Decision {
        /** Owed and fresh: send it. */
        SEND,
        /** A notice went out less than a period before the check. */
        ALREADY_NOTIFIED,
        /** The check is a period old (the relay was down that long) and none followed: the user has slowed down. */
        STALE
    }

    private NoticeRule() {
    }

    static Decision decide(Instant attenuatedAt, Optional<Instant> lastSent, Instant now, Duration period) {
        if (!attenuatedAt.plus(period).isAfter(now)) {
            return Decision.STALE;
        }
        if (lastSent.isPresent() && attenuatedAt.isBefore(lastSent.get().plus(period))) {
            return Decision.ALREADY_NOTIFIED;
        }
        return Decision.SEND;
    }

    /** The latest last-sent time that still allows a notice for a check at {@code attenuatedAt}. */
    static Instant sentNoLaterThan(Instant attenuatedAt, Duration period) {
        return attenuatedAt.minus(period);
    }
}
