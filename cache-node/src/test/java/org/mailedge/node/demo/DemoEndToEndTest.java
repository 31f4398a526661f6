package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole demo in this JVM with small numbers: GreenMail, the edge, 20 subscribers polling
 * over real POP3 for 8 real seconds (16 virtual minutes) while mail arrives and notifications
 * reach the edge, after mail waiting at the central server was prefetched into the edge's
 * cache. Mail comes faster than by default so that a short run still has some.
 */
class DemoEndToEndTest {

    @Test
    @Timeout(60)
    void aShortRunAbsorbsMostChecksAtTheEdgeWithoutAWrongAnswer() throws Exception {
        DemoOptions options = new DemoOptions(20, Duration.ofSeconds(8), 120, 1, 0.0, 6.0);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        DemoReport report;
        try (Demo demo = Demo.start(options, out)) {
            report = demo.run();
        }
        String printed = buffer.toString(StandardCharsets.UTF_8) + ReportFormatter.format(report);

        assertThat(report.edge().checks()).as(printed).isPositive();
        assertThat(report.answeredAtEdgeShare()).as(printed).isGreaterThan(0.8);
        assertThat(report.wrongAnswers()).as(printed).isZero();
        assertThat(report.errors()).as(printed).isZero();
        assertThat(report.mail().delivered()).as(printed).isPositive();
        assertThat(report.mail().notificationsSent()).as(printed).isEqualTo(report.mail().delivered());
        assertThat(report.visibility().max()).as(printed).isPresent();
        assertThat(report.visibility().max().orElseThrow()).as(printed).isLessThan(Duration.ofMinutes(16));
        assertThat(report.checksMade()).as(printed).isGreaterThanOrEqualTo(report.edge().checks());
        assertThat(report.subscribers()).isEqualTo(20);
        assertThat(report.edge().noticesSent()).as("one per attenuated subscriber: the period is a day, the run 16 minutes")
                .as(printed).isPositive().isLessThanOrEqualTo(20);
        assertThat(report.edge().noticesFailed()).as(printed).isZero();
        assertThat(printed)
                .contains("attenuation notices sent")
                .contains("Mail Edge demo: 20 subscribers")
                .contains("[  5s/8s] virtual 00:10")
                .contains("checks received by the edge")
                .contains("wrong answers")
                .contains("mail waiting at the central server: ")
                .contains("prefetch window: 20 of 20 users placed here")
                .contains("served from the edge's cache");
    }

    @Test
    @Timeout(60)
    void mailWaitingBeforeTheRunIsPrefetchedAndServedFromTheEdge() throws Exception {
        DemoReport report;
        try (Demo demo = Demo.start(new DemoOptions(20, Duration.ofSeconds(4), 120, 1, 0.0, 2.0), quiet())) {
            report = demo.run();
        }

        String printed = ReportFormatter.format(report);
        DemoReport.CacheTotals cache = report.cache();
        assertThat(cache.waiting().messages()).as(printed).isPositive();
        assertThat(cache.prefetch().completed()).as(printed).isTrue();
        assertThat(cache.prefetch().messages()).as(printed).isEqualTo(cache.waiting().messages());
        assertThat(report.edge().bytesFromEdge()).as(printed).isGreaterThanOrEqualTo(cache.prefetch().bytes() / 2);
        assertThat(report.bytesFromEdgeShare()).as(printed).isGreaterThan(0.8);
        assertThat(report.wrongAnswers()).as(printed).isZero();
        assertThat(report.errors()).as(printed).isZero();
    }

    /**
     * Leave-on-server subscribers whose second devices delete mail straight at the central
     * server: the edge drops its cached copies at the next login (UID mismatches), and no
     * check lists or downloads deleted mail when the judge says it must not. An hour of
     * virtual time, so that the devices visit several times.
     */
    @Test
    @Timeout(60)
    void mailASecondDeviceDeletedIsDroppedFromTheCacheAndNeverServed() throws Exception {
        DemoReport report;
        try (Demo demo = Demo.start(new DemoOptions(60, Duration.ofSeconds(6), 600, 4, 0.0, 3.0), quiet())) {
            report = demo.run();
        }

        String printed = ReportFormatter.format(report);
        assertThat(report.cache().secondDevices().devices()).as(printed).isPositive();
        assertThat(report.cache().secondDevices().deleted()).as(printed).isPositive();
        assertThat(report.edge().uidMismatches()).as(printed).isPositive();
        assertThat(report.deletedMailShown()).as(printed).isZero();
        assertThat(report.wrongAnswers()).as(printed).isZero();
        assertThat(report.errors()).as(printed).isZero();
        assertThat(report.cache().secondDevices().errors()).as(printed).isZero();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(60)
    void lostNotificationsAreCoveredByTheTimeRule() throws Exception {
        DemoOptions options = new DemoOptions(10, Duration.ofSeconds(4), 600, 2, 1.0, 6.0);

        DemoReport report;
        try (Demo demo = Demo.start(options, quiet())) {
            report = demo.run();
        }

        String printed = ReportFormatter.format(report);
        assertThat(report.mail().notificationsSent()).as(printed).isZero();
        assertThat(report.mail().notificationsDropped()).as(printed).isEqualTo(report.mail().delivered()).isPositive();
        assertThat(report.wrongAnswers()).as(printed).isZero();
        assertThat(report.errors()).as(printed).isZero();
        assertThat(report.visibility().listed()).as(printed).isPositive();
    }
}
