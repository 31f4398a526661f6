package org.mailedge.sync.prefetch;

import java.util.Objects;
import org.mailedge.db.users.Placement;

/**
 * How this node prefetches. Validated once when built.
 *
 * @param node                          this node's name as the user directory knows it. Nodes that
 *                                      share one store and run Quartz clustered must use one name
 *                                      (the headend's): the nightly run fires on one of them and
 *                                      fills the shared cache for all
 * @param placement                     which users to prefetch: HOME, LAST_SEEN or BOTH
 * @param maxBytesPerSecond             octets per second fetched from the central server, 0 = no cap
 * @param maxMessagesPerSecond          messages per second fetched, 0 = no cap
 * @param perUserCapBytes               octets cached per user, 0 = no cap; prefetch stops for a user
 *                                      at the message that would exceed it
 * @param totalCapBytes                 octets cached in total, 0 = no cap; above it whole users are
 *                                      evicted, least recently seen first
 * @param maxConsecutiveCentralFailures users in a row whose central session failed (connect,
 *                                      timeout, protocol) before a run gives up with
 *                                      "failed: central server unavailable", &gt;= 1, so that a
 *                                      dead central server costs a few connect timeouts and not
 *                                      one per user
 */
public record PrefetchConfig(String node, Placement placement, long maxBytesPerSecond, long maxMessagesPerSecond,
                             long perUserCapBytes, long totalCapBytes, int maxConsecutiveCentralFailures) {

    public static final long DEFAULT_PER_USER_CAP_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONSECUTIVE_CENTRAL_FAILURES = 3;

    public PrefetchConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(placement, "placement");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node must not be blank");
        }
        requireNotNegative("maxBytesPerSecond", maxBytesPerSecond);
        requireNotNegative("maxMessagesPerSecond", maxMessagesPerSecond);
        requireNotNegative("perUserCapBytes", perUserCapBytes);
        requireNotNegative("totalCapBytes", totalCapBytes);
        if (maxConsecutiveCentralFailures < 1) {
            throw new IllegalArgumentException(
                    "maxConsecutiveCentralFailures must be >= 1, was " + maxConsecutiveCentralFailures);
        }
    }

    /** HOME placement, no rate caps, 256 MiB per user, no total cap, give up after 3 failures in a row. */
    public static PrefetchConfig defaults(String node) {
        return new PrefetchConfig(node, Placement.HOME, 0, 0, DEFAULT_PER_USER_CAP_BYTES, 0,
                DEFAULT_MAX_CONSECUTIVE_CENTRAL_FAILURES);
    }

    public PrefetchConfig withPlacement(Placement newPlacement) {
        return new PrefetchConfig(node, newPlacement, maxBytesPerSecond, maxMessagesPerSecond, perUserCapBytes,
                totalCapBytes, maxConsecutiveCentralFailures);
    }

    public PrefetchConfig withRates(long bytesPerSecond, long messagesPerSecond) {
        return new PrefetchConfig(node, placement, bytesPerSecond, messagesPerSecond, perUserCapBytes,
                totalCapBytes, maxConsecutiveCentralFailures);
    }

    public PrefetchConfig withCaps(long perUserBytes, long totalBytes) {
        return new PrefetchConfig(node, placement, maxBytesPerSecond, maxMessagesPerSecond, perUserBytes,
                totalBytes, maxConsecutiveCentralFailures);
    }

    private static void requireNotNegative(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be >= 0 (0 = no cap), was " + value);
        }
    }
}
