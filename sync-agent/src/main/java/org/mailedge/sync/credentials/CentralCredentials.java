package org.mailedge.sync.credentials;

import java.util.Optional;

/**
 * Credentials for the edge's own central sessions (prefetch, background delete
 * propagation), which happen with no subscriber present.
 *
 * <p>Implementations are thread-safe: prefetch threads and the delete retry ask at once.
 */
public interface CentralCredentials {

    /**
     * The login that opens {@code user}'s maildrop.
     *
     * @return empty if this source has nothing for the user (no line in the per-user file,
     *         or a user name the master-user syntax cannot express); the caller skips the
     *         user and says so in its log
     */
    Optional<CentralLogin> forUser(String user);

    /** A description for logs and the admin page, without any secret, e.g. "master user edge". */
    String describe();
}
