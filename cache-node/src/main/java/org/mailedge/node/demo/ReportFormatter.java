package org.mailedge.node.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.mailedge.node.metrics.EdgeCounters;

/**
 * The final report as a plain-text table: a label, a right-aligned number, a note. Plain
 * text, because it is read in a terminal and pasted into issues and CI logs.
 */
public final class ReportFormatter {

    private static final String ROW = "  %-34s %10s  %s%n";

    private ReportFormatter() {
    }

    public static String format(DemoReport r) {
        EdgeCounters.Snapshot e = r.edge();
        StringBuilder b = new StringBuilder();
        b.append(System.lineSeparator()).append("Mail Edge demo: results").append(System.lineSeparator());
        row(b, "subscribers", number(r.subscribers()), population(r.population()));
        row(b, "duration (real)", HumanDuration.format(r.realDuration()), "");
        row(b, "duration (virtual)", HumanDuration.format(r.virtualDuration()),
                String.format(Locale.ROOT, "time x%s", scale(r.timeScale())));
        row(b, "checks received by the edge", number(e.checks()), "POP3 logins (PASS)");
        row(b, "  answered at the edge", number(e.answeredAtEdge()), percent(e.answeredAtEdge(), e.checks()));
        row(b, "  passed to the central server", number(e.passedThrough()), percent(e.passedThrough(), e.checks()));
        row(b, "central-server sessions opened", number(e.centralSessions()),
                "logins, plus RETR/DELE of attenuated sessions");
        row(b, "central-server sessions saved", String.format(Locale.ROOT, "%.1f %%", 100 * r.centralSessionReduction()),
                "1 - sessions / checks");
        DemoReport.MailTotals m = r.mail();
        row(b, "messages delivered", number(m.delivered()),
                m.deliveryFailures() == 0 ? "to the central server over SMTP" : m.deliveryFailures() + " deliveries failed");
        row(b, "notifications sent", number(m.notificationsSent()),
                "dropped " + m.notificationsDropped() + " (--notification-loss), failed " + m.notificationFailures());
        row(b, "  accepted by the edge", r.notifyStats().map(n -> number(n.notificationsAccepted())).orElse("-"),
                "users known " + e.notificationsKnown() + ", unknown " + e.notificationsUnknown());
        Visibility v = r.visibility();
        row(b, "new mail visible after (virtual)", v.mean().map(HumanDuration::format).orElse("-"),
                "mean; p95 " + duration(v.percentile(95)) + ", max " + duration(v.max())
                        + "; " + v.listed() + " of " + v.delivered() + " listed by the end");
        row(b, "wrong answers", number(r.wrongAnswers()), promise(r.timeRule()));
        row(b, "errors", number(r.errors()), "failed checks (exceptions, unexpected -ERR)");
        r.wrongExamples().forEach(w -> b.append("    wrong: ").append(w).append(System.lineSeparator()));
        r.errorExamples().forEach(w -> b.append("    error: ").append(w).append(System.lineSeparator()));
        m.firstFailure().ifPresent(f -> b.append("    mail: ").append(f).append(System.lineSeparator()));
        return b.toString();
    }

    private static String promise(Optional<Duration> timeRule) {
        return "must list mail once notified, or " + timeRule.map(HumanDuration::format).orElse("-") + " after delivery";
    }

    private static String population(Map<String, Integer> mix) {
        StringJoiner j = new StringJoiner(", ");
        mix.forEach((profile, count) -> j.add(profile + " " + count));
        return j.toString();
    }

    private static void row(StringBuilder b, String label, String value, String note) {
        b.append(String.format(Locale.ROOT, ROW, label, value, note).stripTrailing()).append(System.lineSeparator());
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String duration(Optional<Duration> d) {
        return d.map(HumanDuration::format).orElse("-");
    }

    /** {@code 120} rather than {@code 120.0}. */
    static String scale(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }
}
