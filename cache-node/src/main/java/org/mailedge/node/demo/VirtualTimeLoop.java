package org.mailedge.node.demo;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks after delays given in virtual time, on a few threads, until stopped: the
 * simulated subscribers and second devices each reschedule themselves when a visit ends. At
 * the end, tasks still waiting for their time are dropped and only those in flight finish.
 */
final class VirtualTimeLoop {

    private final CompressedClock clock;
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile boolean stopping;

    VirtualTimeLoop(int threads, String threadName, CompressedClock clock) {
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(threads, DemoThreads.named(threadName));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} once {@code virtualDelay} has passed on the virtual clock, unless stopped by then. */
    void after(Duration virtualDelay, Runnable task) {
        if (stopping) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                if (!stopping) {
                    task.run();
                }
            }, clock.toReal(virtualDelay).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stop() shut the scheduler down between the flag test and here: the loop ends
        }
    }

    /**
     * Stops scheduling, drops tasks not yet started and waits for those in flight.
     *
     * @return false if tasks were still running after {@code grace}
     */
    boolean stop(Duration grace) throws InterruptedException {
        stopping = true;
        scheduler.shutdown();
        boolean finished = scheduler.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            scheduler.shutdownNow();
        }
        return finished;
    }
}
