/**
 * Propagation of the users' deletes to the central server from the durable
 * {@code DeleteQueue}: inside a subscriber's own central session at QUIT
 * ({@link org.mailedge.sync.deletes.DeletePropagator#flushInSession}), and in the background
 * with back-off while the central server cannot be reached
 * ({@link org.mailedge.sync.deletes.DeletePropagator#retryDue()},
 * {@link org.mailedge.sync.deletes.DeleteRetryService}).
 *
 * <p>The rule everything here keeps: the central server never receives a DELE that no
 * client asked for. Only UIDs from the queue are deleted; each is looked up by UID in the
 * listing of the very session that sends the DELE, never by a message number from elsewhere;
 * and a queue entry is marked done only after a {@code +OK} to QUIT committed it, or when the
 * central listing no longer names the UID at all.
 */
package org.mailedge.sync.deletes;
