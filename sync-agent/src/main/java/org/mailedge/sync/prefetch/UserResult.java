package org.mailedge.sync.prefetch;

/**
 * What prefetching one user did.
 *
 * @param fetched    messages RETR'd and stored
 * @param bytes      octets stored
 * @param dropped    cached messages removed because the central listing no longer has them
 *                   (deleted elsewhere) or because the user deleted them (queued deletes)
 * @param tombstoned listed messages not fetched because the user deleted them and the delete
 *                   is still queued for the central server
 * @param evicted    other users whose whole cache was evicted to make room under the total cap
 */
public record UserResult(String user, Status status, int fetched, long bytes, int dropped, int tombstoned,
                         int evicted) {

    public enum Status {
        /** Every message the store lacked was fetched. */
        COMPLETE,
        /** Stopped at the per-user cache cap. */
        USER_CAP_REACHED,
        /** Stopped at the total cache cap with nobody left that may be evicted. */
        TOTAL_CAP_REACHED,
        /** The run's window ended while this user was being fetched. */
        WINDOW_ENDED,
        /** The run was cancelled while this user was being fetched. */
        CANCELLED,
        /** The credentials source has nothing for this user. */
        NO_CREDENTIALS,
        /** The central server refused the login (wrong password, [IN-USE], [LOGIN-DELAY]...). */
        LOGIN_REFUSED,
        /** The central server could not be reached or broke the protocol. */
        CENTRAL_UNAVAILABLE,
        /** Another prefetch of the same user is running in this node. */
        ALREADY_RUNNING;

        /** Whether the user's listing was synchronised (cache trimmed, some or all mail fetched). */
        public boolean synced() {
            return this == COMPLETE || this == USER_CAP_REACHED || this == TOTAL_CAP_REACHED
                    || this == WINDOW_ENDED || this == CANCELLED;
        }
    }

    static UserResult without(String user, Status status) {
        return new UserResult(user, status, 0, 0, 0, 0, 0);
    }
}
