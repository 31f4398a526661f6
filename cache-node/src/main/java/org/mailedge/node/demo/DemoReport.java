package org.mailedge.node.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.notify.NotifyStats;

/**
 * The outcome of one demo run. Edge-side numbers are the node's own counters, so the report
 * shows what an operator's metrics would show; the rest is what the simulated subscribers
 * and the central mail system observed.
 *
 * @param population       subscribers per profile label, in the population's order
 * @param realDuration     from the first scheduled check to the last one finishing
 * @param virtualDuration  the same span on the compressed clock
 * @param edge             the edge's counters at the end
 * @param notifyStats      the notification listener's counters (present: the demo runs one)
 * @param mail             what the central mail system sent
 * @param checksMade       checks the simulated subscribers made; each sends one PASS unless it failed before
 * @param errors           checks that failed: an exception or an unexpected {@code -ERR}
 * @param wrongAnswers     checks whose answer broke a promise (see {@link AnswerJudge})
 * @param deletedMailShown of them, checks that listed or downloaded mail deleted before (rules 2 and 3)
 * @param timeRule         the edge's time-rule interval
 * @param cache            the mail cache's side of the run
 */
public record DemoReport(Map<String, Integer> population, Duration realDuration, Duration virtualDuration, double timeScale,
                         EdgeCounters.Snapshot edge, Optional<NotifyStats> notifyStats, MailTotals mail, Visibility visibility,
                         long checksMade, long errors, List<String> errorExamples,
                         long wrongAnswers, long deletedMailShown, List<String> wrongExamples, Optional<Duration> timeRule,
                         CacheTotals cache) {

    /** {@code --check} fails below this share of checks answered at the edge. */
    public static final double REQUIRED_EDGE_SHARE = 0.90;

    public DemoReport {
        // keeps the population's profile order for the report
        population = Collections.unmodifiableMap(new LinkedHashMap<>(population));
        errorExamples = List.copyOf(errorExamples);
        wrongExamples = List.copyOf(wrongExamples);
    }

    /**
     * @param delivered            messages whose delivery SMTP transaction returned
     * @param deliveryFailures     deliveries that failed
     * @param notificationsSent    notifications whose SMTP transaction returned
     * @param notificationsDropped notifications not sent on purpose ({@code --notification-loss})
     * @param notificationFailures notifications that failed (refused or I/O)
     * @param firstFailure         the first failure's text, if any
     */
    public record MailTotals(long delivered, long deliveryFailures, long notificationsSent, long notificationsDropped,
                             long notificationFailures, Optional<String> firstFailure) {}

    /**
     * @param waiting         mail delivered before the run
     * @param prefetch        the prefetch window at the start
     * @param secondDevices   what the second devices did straight at the central server
     * @param cachedBytesAtEnd message bytes in the edge's cache when the run ended
     * @param deletedMailRefused downloads of mail deleted at the central server, still in a listing
     *                        the edge answered from its table, that the edge rightly refused
     */
    public record CacheTotals(WaitingMail.Totals waiting, PrefetchSummary prefetch, SecondDevices.Totals secondDevices,
                              long cachedBytesAtEnd, long deletedMailRefused) {}

    public int subscribers() {
        return population.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Share of the checks the edge received that it answered without the central server. */
    public double answeredAtEdgeShare() {
        return edge.checks() == 0 ? 0 : (double) edge.answeredAtEdge() / edge.checks();
    }

    /** 1 - central sessions / checks: how many central sessions the edge saved, compared with no edge. */
    public double centralSessionReduction() {
        return edge.checks() == 0 ? 0 : 1 - (double) edge.centralSessions() / edge.checks();
    }

    /** Message bytes downloaded by subscribers (RETR and TOP) that the edge served from its cache. */
    public double bytesFromEdgeShare() {
        long total = edge.bytesFromEdge() + edge.bytesFromCentral();
        return total == 0 ? 0 : (double) edge.bytesFromEdge() / total;
    }

    /** Why {@code --check} fails; empty when the run passes. */
    public List<String> checkFailures() {
        List<String> failures = new ArrayList<>();
        if (answeredAtEdgeShare() < REQUIRED_EDGE_SHARE) {
            failures.add(String.format(Locale.ROOT, "%.1f %% of checks answered at the edge, below %.0f %%",
                    100 * answeredAtEdgeShare(), 100 * REQUIRED_EDGE_SHARE));
        }
        if (wrongAnswers > 0) {
            failures.add(wrongAnswers + " wrong answers");
        }
        if (errors > 0) {
            failures.add(errors + " errors");
        }
        if (!cache.prefetch().completed()) {
            failures.add("the prefetch window did not complete");
        }
        if (cache.secondDevices().errors() > 0) {
            failures.add(cache.secondDevices().errors() + " second-device visits failed");
        }
        if (cache.waiting().failures() > 0) {
            failures.add(cache.waiting().failures() + " deliveries of waiting mail failed");
        }
        return failures;
    }

    public boolean passes() {
        return checkFailures().isEmpty();
    }
}
