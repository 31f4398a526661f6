package org.mailedge.sync.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mailedge.db.prefetch.PrefetchRun;
import org.mailedge.sync.prefetch.Cancellation;
import org.mailedge.sync.prefetch.Prefetcher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * One prefetch run fired by Quartz: all users placed at this node, or the one user named in
 * the trigger's data.
 *
 * <p>{@link DisallowConcurrentExecution} holds per job key, across a cluster: two all-users
 * runs never overlap (a manual one waits for the nightly one to end), and a one-user run has
 * its own job key so that it is not stuck behind a nightly run. {@link #interrupt()} only
 * raises a flag the run checks between messages (see {@link Cancellation}).
 */
@DisallowConcurrentExecution
public final class PrefetchJob implements InterruptableJob {

    static final String KEY_MAX_DURATION = "maxDuration";
    static final String KEY_USER = "user";

    private final Prefetcher prefetcher;
    private final Cancellation cancellation = new Cancellation();

    PrefetchJob(Prefetcher prefetcher) {
        this.prefetcher = Objects.requireNonNull(prefetcher, "prefetcher");
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        Duration maxDuration;
        try {
            maxDuration = Duration.parse(data.getString(KEY_MAX_DURATION));
        } catch (RuntimeException e) {
            throw new JobExecutionException("trigger " + context.getTrigger().getKey()
                    + " carries no valid " + KEY_MAX_DURATION, e, false);
        }
        String user = data.getString(KEY_USER);
        try {
            PrefetchRun run = user == null
                    ? prefetcher.runPlaced(maxDuration, cancellation)
                    : prefetcher.runUsers(List.of(user), maxDuration, cancellation);
            context.setResult(run);
        } catch (RuntimeException e) {
            throw new JobExecutionException(e, false);
        }
    }

    @Override
    public void interrupt() {
        cancellation.cancel();
    }
}
