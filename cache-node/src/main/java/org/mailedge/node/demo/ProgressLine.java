package org.mailedge.node.demo;

import java.time.Duration;
import java.util.Locale;
import org.mailedge.node.metrics.EdgeCounters;

/**
 * The one line the demo prints every few real seconds, so a watcher sees the edge's share
 * grow as the attenuation table fills, and how much of the downloaded mail the cache served, e.g.
 * {@code [ 25s/60s] virtual 00:50  checks 5 230  at edge 92.4%  central sessions 412  mails 41  bytes from cache 96.1%  wrong 0}.
 */
final class ProgressLine {

    /** Real time between two progress lines. */
    static final Duration EVERY = Duration.ofSeconds(5);

    private ProgressLine() {
    }

    static String format(Duration realElapsed, Duration realTotal, Duration virtualElapsed, EdgeCounters.Snapshot edge,
                         long mails, long wrong) {
        int width = Math.max(3, String.valueOf(realTotal.toSeconds()).length());
        return String.format(Locale.ROOT,
                "[%" + width + "ds/%ds] virtual %s  checks %s  at edge %s  central sessions %s  mails %s  bytes from cache %s  wrong %d",
                realElapsed.toSeconds(), realTotal.toSeconds(), HumanDuration.clock(virtualElapsed),
                ReportFormatter.number(edge.checks()), ReportFormatter.percent(edge.answeredAtEdge(), edge.checks()).replace(" ", ""),
                ReportFormatter.number(edge.centralSessions()), ReportFormatter.number(mails),
                ReportFormatter.percent(edge.bytesFromEdge(), edge.bytesFromEdge() + edge.bytesFromCentral()).replace(" ", ""),
                wrong);
    }
}
