package org.mailedge.notify;

/**
 * A snapshot of the listener's counters since it was created.
 *
 * @param notificationsAccepted transactions answered {@code 250} after DATA
 * @param recipientsKnown       users in accepted transactions the sink said it knows
 * @param recipientsUnknown     users in accepted transactions the sink did not know
 * @param rejectedNotAllowed    connections refused because the client is outside the allowed networks
 * @param rejectedBareLineEnd   transactions refused for a bare CR or LF in DATA
 * @param rejectedTooLarge      transactions refused for size: a declared {@code SIZE=} at MAIL FROM
 *                              or DATA longer than the limit
 * @param rejectedRateLimited   MAIL FROM commands refused by the per-source rate limit
 */
public record NotifyStats(long notificationsAccepted, long recipientsKnown, long recipientsUnknown,
                          long rejectedNotAllowed, long rejectedBareLineEnd, long rejectedTooLarge,
                          long rejectedRateLimited) {
}
