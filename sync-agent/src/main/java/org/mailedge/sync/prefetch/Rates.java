package org.mailedge.sync.prefetch;

import java.time.Duration;
import java.time.Instant;
import org.mailedge.db.prefetch.PrefetchRun;

/** Average rates of a run, from its start to its finish or, while it runs, to now. */
public final class Rates {

    private Rates() {
    }

    /**
     * @param now used for a run that has not finished; a run recorded by another node of a
     *            cluster counts as running until its record says otherwise
     */
    public static PrefetchProgress progress(PrefetchRun run, Instant now) {
        Instant end = run.finishedAt().orElse(now);
        Duration elapsed = Duration.between(run.startedAt(), end);
        double seconds = elapsed.isNegative() ? 0 : elapsed.toNanos() / 1e9;
        double bytesPerSecond = seconds > 0 ? run.bytes() / seconds : 0;
        double messagesPerSecond = seconds > 0 ? run.messages() / seconds : 0;
        return new PrefetchProgress(run, run.finishedAt().isEmpty(), bytesPerSecond, messagesPerSecond);
    }
}
