package org.mailedge.db.prefetch;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of the prefetch job, for operators: progress while it runs, the result after.
 *
 * @param outcome empty while running; then e.g. "completed", "window ended", "failed: ..."
 */
public record PrefetchRun(long id, Instant startedAt, Optional<Instant> finishedAt, int usersPlanned, int usersDone,
                          long messages, long bytes, Optional<String> outcome) {}
