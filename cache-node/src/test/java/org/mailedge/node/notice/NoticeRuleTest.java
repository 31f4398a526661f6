package org.mailedge.node.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoticeRuleTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void aFirstAttenuatedCheckIsOwedANotice() {
        assertThat(NoticeRule.decide(T0, Optional.empty(), T0.plusSeconds(60), DAY)).isEqualTo(NoticeRule.Decision.SEND);
    }

    @Test
    void aCheckLessThanAPeriodAfterTheLastNoticeIsNot() {
        Instant check = T0.plus(DAY).minusMillis(1);
        assertThat(NoticeRule.decide(check, Optional.of(T0), check, DAY)).isEqualTo(NoticeRule.Decision.ALREADY_NOTIFIED);
    }

    @Test
    void aCheckAPeriodAfterTheLastNoticeIs() {
        Instant check = T0.plus(DAY);
        assertThat(NoticeRule.decide(check, Optional.of(T0), check, DAY)).isEqualTo(NoticeRule.Decision.SEND);
    }

    @Test
    void aCheckAPeriodOldIsStaleWhateverWasSent() {
        assertThat(NoticeRule.decide(T0, Optional.empty(), T0.plus(DAY), DAY)).isEqualTo(NoticeRule.Decision.STALE);
    }

    @Test
    void theWordsForIntervals() {
        assertThat(Intervals.words(Duration.ofMinutes(15))).isEqualTo("15 minutes");
        assertThat(Intervals.words(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(Intervals.words(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(Intervals.words(Duration.ofHours(2))).isEqualTo("2 hours");
        assertThat(Intervals.words(DAY)).isEqualTo("1 day");
        assertThat(Intervals.once(DAY)).isEqualTo("once a day");
        assertThat(Intervals.once(Duration.ofDays(7))).isEqualTo("once every 7 days");
    }

    @Test
    void crontabLinesForTheHelpPage() {
        assertThat(Intervals.cron(Duration.ofMinutes(15))).isEqualTo("*/15 * * * *");
        assertThat(Intervals.cron(Duration.ofMinutes(60))).isEqualTo("0 */1 * * *");
        assertThat(Intervals.cron(Duration.ofMinutes(90))).as("rounded up: never more often than asked").isEqualTo("0 */2 * * *");
    }
}
