package org.mailedge.node.demo;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the demo knows of one message at one moment, all in virtual time: when its delivery
 * SMTP transaction to the central server returned, when the new-mail notification to the
 * edge returned (empty if it was dropped or not sent yet), and when the subscriber's QUIT
 * that deleted it returned.
 *
 * @param id the value of the message's {@code X-Demo-Id} header
 */
record MessageTimes(String id, Optional<Instant> deliveredAt, Optional<Instant> notifiedAt, Optional<Instant> deletedAt) {

    MessageTimes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(notifiedAt, "notifiedAt");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }

    static MessageTimes delivered(String id, Instant at) {
        return new MessageTimes(id, Optional.of(at), Optional.empty(), Optional.empty());
    }

    MessageTimes notified(Instant at) {
        return new MessageTimes(id, deliveredAt, Optional.of(at), deletedAt);
    }

    MessageTimes deleted(Instant at) {
        return new MessageTimes(id, deliveredAt, notifiedAt, Optional.of(at));
    }
}
