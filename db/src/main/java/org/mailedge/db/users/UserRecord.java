package org.mailedge.db.users;

import java.time.Instant;
import java.util.Optional;

/**
 * A subscriber as the user directory knows them.
 *
 * @param homeNode the node named as the user's home by the operator, if any
 * @param lastSeenNode the node the user's last session came through, if known
 */
public record UserRecord(String user, Optional<String> homeNode, Optional<String> lastSeenNode,
                         Optional<Instant> lastSeenAt, Optional<Instant> lastPrefetchAt) {}
