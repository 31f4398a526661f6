package org.mailedge.sync.deletes;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DeletePropagator#retryDue()} every 30 s (by default) on one daemon thread.
 *
 * <p>A plain {@link ScheduledExecutorService} rather than a Quartz job: the retry is not
 * something an administrator schedules, it has no window and nothing to survive a restart
 * (the queue itself is durable, and a restarted node simply starts polling again), and a
 * Quartz trigger firing every 30 s would write the job store twice a minute for nothing.
 * Fixed <em>delay</em>, not rate, so passes never overlap and a slow pass is not followed by
 * a burst. Several nodes sharing one store may all run it: each DELE is matched by UID in its
 * own session, so the worst a race costs is a refused login and a back-off.
 */
public final class DeleteRetryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteRetryService.class);

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final ScheduledExecutorService executor;

    private DeleteRetryService(Runnable pass, Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "delete-retry");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                // An exception would cancel every later run of a scheduled task.
                LOG.error("delete retry pass failed; next pass in {}", interval, e);
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts passes every {@code interval}, the first one {@code interval} from now. */
    public static DeleteRetryService start(DeletePropagator propagator, Duration interval) {
        Objects.requireNonNull(propagator, "propagator");
        return start(propagator::retryDue, interval);
    }

    static DeleteRetryService start(Runnable pass, Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, was " + interval);
        }
        return new DeleteRetryService(pass, interval);
    }

    /** Stops after the pass in progress, if any (bounded by the central server's timeouts). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("delete retry pass still running after {}; leaving it to finish", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
