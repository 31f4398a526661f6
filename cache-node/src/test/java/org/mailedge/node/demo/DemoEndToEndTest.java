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
 * reach the edge. Mail comes faster than by default so that a short run still has some.
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
        assertThat(printed)
                .contains("Mail Edge demo: 20 subscribers")
                .contains("[  5s/8s] virtual 00:10")
                .contains("checks received by the edge")
                .contains("wrong answers");
    }

    @Test
    @Timeout(60)
    void lostNotificationsAreCoveredByTheTimeRule() throws Exception {
        DemoOptions options = new DemoOptions(10, Duration.ofSeconds(4), 600, 2, 1.0, 6.0);

        DemoReport report;
        try (Demo demo = Demo.start(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
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
