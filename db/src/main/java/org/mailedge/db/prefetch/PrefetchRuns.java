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

    Optional<PrefetchRun> find(long id);

    /** The most recent runs, newest first. */
    List<PrefetchRun> recent(int limit);
}
