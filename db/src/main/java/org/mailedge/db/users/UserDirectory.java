package org.mailedge.db.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The user directory: home nodes (set by the operator), where users were last seen, when they were last prefetched. */
public interface UserDirectory {

    /** Creates or updates the user's home node. */
    void setHome(String user, String node);

    /** Records that a session of the user came through {@code node}. Creates the user if needed. */
    void recordSeen(String user, String node, Instant at);

    void recordPrefetch(String user, Instant at);

    Optional<UserRecord> find(String user);

    /** Users placed at {@code node} under {@code placement}, in user-name order. */
    List<String> placedAt(String node, Placement placement);
}
