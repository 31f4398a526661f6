package org.mailedge.db.deletes;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The durable queue of deletes owed to the central server. A queued UID is also a tombstone:
 * the edge never lists or serves that message again, even after a restart, until the central
 * server confirmed the delete (after which its UIDL no longer names it).
 */
public interface DeleteQueue {

    /** Queues deletes of these UIDs; durable when this returns. Queuing a (user, uid) twice keeps one entry. */
    void enqueue(String user, Collection<String> uids, Instant at);

    /** Entries whose next attempt is due, oldest first, at most {@code limit}. */
    List<PendingDelete> due(Instant now, int limit);

    /** The user's queued UIDs: the tombstones to hide from listings and never serve. */
    Set<String> pendingUids(String user);

    /** All queued entries of the user, oldest first. */
    List<PendingDelete> pending(String user);

    /** The central server confirmed (or no longer has) the message: the entry is gone. */
    void done(String user, String uid);

    /** An attempt failed: count it and wait until {@code nextAttemptAt}. */
    void failed(long id, Instant nextAttemptAt);

    /** Entries in the queue. */
    long size();
}
