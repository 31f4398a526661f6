package org.mailedge.node.demo;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one message was deleted, in virtual time: by whom, when the deleting client committed
 * to it, and when the central server confirmed that the message is gone.
 *
 * @param by          which way the delete reached the central server, which decides when the edge learns of it
 * @param requestedAt from this instant the message is no longer owed to any check: for a
 *                    delete through the edge, when the subscriber's check was recorded; for
 *                    one straight at the central server, just before its QUIT was sent
 * @param confirmedAt when the QUIT that removed it returned {@code +OK}; empty when that QUIT
 *                    failed (RFC 1939 §6 lets a failed UPDATE remove some messages, so whether
 *                    the message is gone is unknown and nothing is judged by it)
 */
record Deletion(Route by, Instant requestedAt, Optional<Instant> confirmedAt) {

    /** Which way a delete reached the central server. */
    enum Route {
        /** The subscriber's client, through the edge: the edge carries it out at QUIT and knows at once. */
        THROUGH_EDGE,
        /** Another client of the same mailbox (the subscriber's second device), straight at the central server. */
        AT_CENTRAL
    }

    Deletion {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
    }

    static Deletion confirmed(Route by, Instant at) {
        return new Deletion(by, at, Optional.of(at));
    }

    static Deletion unconfirmed(Route by, Instant requestedAt) {
        return new Deletion(by, requestedAt, Optional.empty());
    }

    Deletion confirm(Instant at) {
        return confirmedAt.isPresent() ? this : new Deletion(by, requestedAt, Optional.of(at));
    }
}
