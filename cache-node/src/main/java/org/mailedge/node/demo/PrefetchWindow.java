package org.mailedge.node.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mailedge.db.users.UserDirectory;
import org.mailedge.sync.prefetch.PrefetchProgress;
import org.mailedge.sync.schedule.PrefetchScheduler;

/**
 * The prefetch window at the start of the run, opened as an operator would: place every
 * subscriber at this node as its home ({@code prefetch.placement: home}), ask the edge's
 * scheduler for a run of all users placed here ({@code mailedge prefetch run}), and watch
 * its progress until it finishes. The wait is bounded: a slow or failed run is reported and
 * the demo goes on, because the edge serves every message from the central server anyway.
 */
final class PrefetchWindow {

    /** Longest the demo waits for the run to finish, in real time. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final Duration POLL_EVERY = Duration.ofMillis(20);

    private PrefetchWindow() {
    }

    static PrefetchSummary open(UserDirectory users, String nodeName, PrefetchScheduler scheduler, List<Subscriber> subscribers)
            throws InterruptedException {
        for (Subscriber s : subscribers) {
            users.setHome(s.login(), nodeName);
        }
        long start = System.nanoTime();
        long deadline = start + MAX_WAIT.toNanos();
        scheduler.runNow(Optional.empty());
        // the store is fresh, so the only run it can report is this one
        Optional<PrefetchProgress> progress = scheduler.progress();
        while (progress.map(PrefetchProgress::running).orElse(true) && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(POLL_EVERY.toMillis());
            progress = scheduler.progress();
        }
        return PrefetchSummary.of(progress, Duration.ofNanos(System.nanoTime() - start));
    }
}
