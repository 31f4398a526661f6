package org.mailedge.node.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.mailedge.db.prefetch.PrefetchRun;
import org.mailedge.sync.prefetch.PrefetchOutcome;
import org.mailedge.sync.prefetch.PrefetchProgress;

/**
 * The demo's prefetch window as the edge's scheduler reported it. Times and rates are real
 * (the prefetcher runs on the system clock, as its window and rate caps do in production).
 *
 * @param started  whether the scheduler had recorded the run when the wait ended
 * @param finished whether the run had finished then
 * @param outcome  the run's recorded outcome, e.g. "completed"; empty while it runs
 * @param took     from the run's start to its finish, or to the end of the wait
 */
public record PrefetchSummary(boolean started, boolean finished, Optional<String> outcome, int usersPlanned, int usersDone,
                              long messages, long bytes, Duration took, double bytesPerSecond, double messagesPerSecond) {

    static PrefetchSummary of(Optional<PrefetchProgress> progress, Duration waited) {
        if (progress.isEmpty()) {
            return new PrefetchSummary(false, false, Optional.empty(), 0, 0, 0, 0, waited, 0, 0);
        }
        PrefetchProgress p = progress.get();
        PrefetchRun run = p.run();
        Duration took = run.finishedAt().map(end -> Duration.between(run.startedAt(), end)).orElse(waited);
        return new PrefetchSummary(true, !p.running(), run.outcome(), run.usersPlanned(), run.usersDone(), run.messages(),
                run.bytes(), took, p.bytesPerSecond(), p.messagesPerSecond());
    }

    /** Every user placed here was visited: the subscribers' first downloads can come from the edge. */
    public boolean completed() {
        return finished && outcome.filter(PrefetchOutcome.COMPLETED::equals).isPresent();
    }

    /** The one line printed after the window. */
    String line() {
        if (!started) {
            return "prefetch window: the edge's scheduler had not started the run after " + HumanDuration.format(took) + "; going on without it";
        }
        String state = finished ? outcome.orElse("finished")
                : "still running after " + HumanDuration.format(took) + "; going on beside it";
        return String.format(Locale.ROOT, "prefetch window: %d of %d users placed here, %s messages, %s in %s (%s/s, %.0f messages/s), %s",
                usersDone, usersPlanned, ReportFormatter.number(messages), ReportFormatter.bytes(bytes), seconds(took),
                ReportFormatter.bytes(Math.round(bytesPerSecond)), messagesPerSecond, state);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}
