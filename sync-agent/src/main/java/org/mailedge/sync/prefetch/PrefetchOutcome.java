package org.mailedge.sync.prefetch;

/** The outcomes a prefetch run records in {@code PrefetchRuns.finish}. */
public final class PrefetchOutcome {

    /** Every planned user was visited (some may have been skipped or capped; see the log). */
    public static final String COMPLETED = "completed";

    /** The run's {@code maxDuration} passed; the remaining users and messages wait for the next run. */
    public static final String WINDOW_ENDED = "window ended";

    /** Stopped on request (scheduler shutdown or an admin's interrupt). */
    public static final String INTERRUPTED = "interrupted";

    /** Prefix of every failure outcome, e.g. "failed: central server unavailable". */
    public static final String FAILED_PREFIX = "failed: ";

    private PrefetchOutcome() {
    }
}
