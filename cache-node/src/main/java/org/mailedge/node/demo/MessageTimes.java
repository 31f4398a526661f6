package org.mailedge.node.demo;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the demo knows of one message at one moment, all in virtual time: when its delivery
 * SMTP transaction to the central server returned, when the new-mail notification to the
 * edge returned (empty if it was dropped or not sent yet), and how it was deleted.
 *
 * @param id the value of the message's {@code X-Demo-Id} header
 */
record MessageTimes(String id, Optional<Instant> deliveredAt, Optional<Instant> notifiedAt, Optional<Deletion> deletion) {

    MessageTimes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(notifiedAt, "notifiedAt");
        Objects.requireNonNull(deletion, "deletion");
    }

    static MessageTimes registered(String id) {
        return new MessageTimes(id, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static MessageTimes delivered(String id, Instant at) {
        return new MessageTimes(id, Optional.of(at), Optional.empty(), Optional.empty());
    }

    MessageTimes deliveredAt(Instant at) {
        return new MessageTimes(id, Optional.of(at), notifiedAt, deletion);
    }

    MessageTimes notified(Instant at) {
        return new MessageTimes(id, deliveredAt, Optional.of(at), deletion);
    }

    /** The subscriber's QUIT through the edge that deleted it returned {@code +OK} at {@code at}. */
    MessageTimes deleted(Instant at) {
        return withDeletion(Deletion.confirmed(Deletion.Route.THROUGH_EDGE, at));
    }

    /**
     * A first delete wins: a message is deleted once. A later confirmation of the same
     * delete is applied with {@link #confirmed}.
     */
    MessageTimes withDeletion(Deletion d) {
        return deletion.isPresent() ? this : new MessageTimes(id, deliveredAt, notifiedAt, Optional.of(d));
    }

    /** The pending delete straight at the central server was confirmed at {@code at}. */
    MessageTimes confirmed(Instant at) {
        return deletion.map(d -> new MessageTimes(id, deliveredAt, notifiedAt, Optional.of(d.confirm(at)))).orElse(this);
    }
}
