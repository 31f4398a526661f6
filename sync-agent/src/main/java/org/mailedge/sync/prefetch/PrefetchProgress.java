package org.mailedge.sync.prefetch;

import java.util.Objects;
import org.mailedge.db.prefetch.PrefetchRun;

/**
 * A prefetch run as an operator sees it: the recorded run plus its rate.
 *
 * @param run               the run; while it runs in this node, counters are live (updated per
 *                          message), otherwise as last recorded (per user)
 * @param running           whether it has not finished
 * @param bytesPerSecond    octets stored per second, averaged from the start to now (or to the
 *                          finish)
 * @param messagesPerSecond messages stored per second, averaged likewise
 */
public record PrefetchProgress(PrefetchRun run, boolean running, double bytesPerSecond, double messagesPerSecond) {

    public PrefetchProgress {
        Objects.requireNonNull(run, "run");
    }
}
