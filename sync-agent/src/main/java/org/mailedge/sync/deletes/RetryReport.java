package org.mailedge.sync.deletes;

/**
 * What one background pass over the due deletes did.
 *
 * @param deleted     deletes committed by a {@code +OK} to QUIT, now done
 * @param alreadyGone entries whose UID the central server no longer lists, done without DELE
 * @param failed      entries that failed and were rescheduled with back-off
 * @param deferred    entries not tried because the central server could not be reached at all;
 *                    still due, not counted as an attempt
 */
public record RetryReport(int deleted, int alreadyGone, int failed, int deferred) {

    public static final RetryReport NOTHING = new RetryReport(0, 0, 0, 0);
}
