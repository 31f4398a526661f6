package org.mailedge.db.prefetch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The record of prefetch runs. */
public interface PrefetchRuns {

    /** @return the new run's id */
    long start(Instant at, int usersPlanned);

    void progress(long id, int usersDone, long messages, long bytes);

    void finish(long id, Instant at, String outcome);

    /**
     * Finishes every run still recorded as running, with {@code outcome}: for a node that starts
     * alone on its store, where such a run can only be one its predecessor did not live to end.
     *
     * @return how many runs were finished
     */
    int finishUnfinished(Instant at, String outcome);

    Optional<PrefetchRun> find(long id);

    /** The most recent runs, newest first. */
    List<PrefetchRun> recent(int limit);
}
