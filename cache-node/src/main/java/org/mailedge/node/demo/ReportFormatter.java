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
        row(b, "    of them, fast-check rewards", number(e.fastCheckRewards()),
                "the 3rd of 3 irregular checks within 30 s (attenuation.fast-check)");
        row(b, "    of them, untouched", number(e.unattenuatedChecks()), "mode off (the node's or an exception's)");
        row(b, "  refused [LOGIN-DELAY]", number(e.loginDelayRejects()), "mode reject");
        row(b, "sessions delayed", number(e.delayedSessions()),
                HumanDuration.format(java.time.Duration.ofMillis(e.delayInsertedMillis())) + " of delay inserted (mode delay)");
        row(b, "central-server sessions opened", number(e.centralSessions()),
                "logins, plus RETR/DELE of attenuated sessions");
        row(b, "central-server sessions saved", String.format(Locale.ROOT, "%.1f %%", 100 * r.centralSessionReduction()),
                "1 - sessions / checks");
        DemoReport.MailTotals m = r.mail();
        row(b, "messages delivered", number(m.delivered()),
                m.deliveryFailures() == 0 ? "to the central server over SMTP during the run" : m.deliveryFailures() + " deliveries failed");
        row(b, "notifications sent", number(m.notificationsSent()),
                "dropped " + m.notificationsDropped() + " (--notification-loss), failed " + m.notificationFailures());
        row(b, "  accepted by the edge", r.notifyStats().map(n -> number(n.notificationsAccepted())).orElse("-"),
                "users known " + e.notificationsKnown() + ", unknown " + e.notificationsUnknown());
        Visibility v = r.visibility();
        row(b, "new mail visible after (virtual)", v.mean().map(HumanDuration::format).orElse("-"),
                "mean; p95 " + duration(v.percentile(95)) + ", max " + duration(v.max())
                        + "; " + v.listed() + " of " + v.delivered() + " listed by the end");
        row(b, "attenuation notices sent", number(e.noticesSent()), "mails to subscribers whose checks the edge answered, through"
                + " the central server's SMTP; failed " + e.noticesFailed());
        row(b, "  not sent again within the day", number(e.noticesSuppressed()),
                "subscribers attenuated again after their notice (one a day at most)");
        cache(b, r);
        row(b, "wrong answers", number(r.wrongAnswers()), promise(r.timeRule()));
        row(b, "  of them, deleted mail shown", number(r.deletedMailShown()),
                "listed once the edge knew it was deleted, or downloaded after the central server deleted it");
        row(b, "errors", number(r.errors()), "failed checks (exceptions, unexpected -ERR)");
        r.wrongExamples().forEach(w -> b.append("    wrong: ").append(w).append(System.lineSeparator()));
        r.errorExamples().forEach(w -> b.append("    error: ").append(w).append(System.lineSeparator()));
        m.firstFailure().ifPresent(f -> b.append("    mail: ").append(f).append(System.lineSeparator()));
        r.cache().waiting().firstFailure().ifPresent(f -> b.append("    waiting mail: ").append(f).append(System.lineSeparator()));
        r.cache().secondDevices().firstError().ifPresent(f -> b.append("    second device: ").append(f).append(System.lineSeparator()));
        return b.toString();
    }

    private static void cache(StringBuilder b, DemoReport r) {
        EdgeCounters.Snapshot e = r.edge();
        DemoReport.CacheTotals c = r.cache();
        WaitingMail.Totals w = c.waiting();
        row(b, "mail waiting at the start", number(w.messages()),
                "messages for " + w.subscribers() + " subscribers, " + w.large() + " of them tens of KB");
        PrefetchSummary p = c.prefetch();
        row(b, "  prefetched in the window", number(p.messages()), p.started()
                ? bytes(p.bytes()) + " for " + p.usersDone() + " of " + p.usersPlanned() + " users in " + PrefetchSummary.seconds(p.took())
                        + String.format(Locale.ROOT, " (%s/s, %.0f messages/s), ", bytes(Math.round(p.bytesPerSecond())), p.messagesPerSecond())
                        + (p.finished() ? p.outcome().orElse("finished") : "still running")
                : "the run did not start");
        long downloaded = e.bytesFromEdge() + e.bytesFromCentral();
        row(b, "message bytes downloaded", bytes(downloaded), "RETR and TOP answers to the subscribers");
        row(b, "  served from the edge's cache", bytes(e.bytesFromEdge()), percent(e.bytesFromEdge(), downloaded)
                + "; the central server only confirmed the UIDs");
        row(b, "  fetched from the central server", bytes(e.bytesFromCentral()), percent(e.bytesFromCentral(), downloaded)
                + " in " + number(e.messagesRelayed()) + " messages; kept in the cache for the next download");
        SecondDevices.Totals d = c.secondDevices();
        row(b, "second devices", number(d.devices()), "visits straight at the central server " + d.visits()
                + ", messages deleted there " + d.deleted());
        row(b, "UID mismatches handled", number(e.uidMismatches()),
                "cached copies the UID handshake dropped: the central server no longer listed them");
        row(b, "  re-downloads refused", number(c.deletedMailRefused()),
                "deleted there, still in the listing the edge last saw: -ERR, its cached copy not served");
        row(b, "cache at the end", bytes(c.cachedBytesAtEnd()), "deletes queued for the central server "
                + e.deletesQueued() + ", sessions served while it was down " + e.servedOffline());
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

    /** Octets in binary units, as the configuration writes sizes: {@code 512 B}, {@code 12.3 KiB}, {@code 4.5 MiB}. */
    static String bytes(long octets) {
        if (octets < 1024) {
            return octets + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = octets / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
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
