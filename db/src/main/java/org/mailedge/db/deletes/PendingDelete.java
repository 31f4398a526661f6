package org.mailedge.db.deletes;

import java.time.Instant;

/**
 * A delete the user made (DELE then QUIT) that has not yet reached the central server.
 *
 * @param attempts failed attempts so far
 * @param nextAttemptAt not to be tried before this instant (back-off)
 */
public record PendingDelete(long id, String user, String uid, Instant queuedAt, int attempts, Instant nextAttemptAt) {}
