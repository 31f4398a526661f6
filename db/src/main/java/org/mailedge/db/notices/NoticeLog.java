package org.mailedge.db.notices;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When each user was last sent an attenuation notice, and the notices still owed. A notice is
 * claimed before it is sent, atomically, so two nodes sharing a store (or one node after a
 * restart) never both send one within the period; a send that fails gives the claim back.
 */
public interface NoticeLog {

    /**
     * Records {@code at} as the user's last notice, unless a notice was recorded after
     * {@code sentNoLaterThan}: then another sender (or an earlier run) already notified the
     * user within the period, and nothing changes. Clears a pending notice on success.
     *
     * @return the claim, with the previous last-sent time to restore if sending fails; empty
     *     when the user was already notified after {@code sentNoLaterThan}
     */
    Optional<Claim> claim(String user, Instant at, Instant sentNoLaterThan);

    /**
     * Undoes {@code claim} after the relay did not take the notice: restores the previous
     * last-sent time and records the notice as pending since {@code pendingSince}. Does
     * nothing if the claim has been superseded.
     */
    void giveBack(Claim claim, Instant pendingSince);

    /** Records a notice owed to the user since {@code since} (kept at a clean stop of the node). */
    void markPending(String user, Instant since);

    /** Forgets a notice owed to the user: its user no longer checks too often. */
    void clearPending(String user);

    Optional<NoticeRecord> find(String user);

    /** Users owed a notice the relay has not taken yet, in user-name order. */
    List<NoticeRecord> pending();

    /**
     * @param at the last-sent time this claim wrote
     * @param previous the last-sent time before it
     */
    record Claim(String user, Instant at, Optional<Instant> previous) {}
}
