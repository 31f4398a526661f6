package org.mailedge.sync.schedule;

import org.mailedge.sync.prefetch.Prefetcher;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Gives Quartz jobs their dependencies. Quartz instantiates jobs from the class name stored
 * in the job store; its default factory would need a no-argument constructor and a static
 * way to reach the node's {@link Prefetcher}.
 */
final class PrefetchJobFactory implements JobFactory {

    private final Prefetcher prefetcher;

    PrefetchJobFactory(Prefetcher prefetcher) {
        this.prefetcher = prefetcher;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> jobClass = bundle.getJobDetail().getJobClass();
        if (jobClass == PrefetchJob.class) {
            return new PrefetchJob(prefetcher);
        }
        throw new SchedulerException("no factory for job class " + jobClass.getName() + " (job "
                + bundle.getJobDetail().getKey() + ")");
    }
}
