package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The visibility promise on hand-made timelines: a check must list a message once its
 * notification returned, or once the time rule's interval has passed since delivery; until
 * then, hiding it is what attenuation is for.
 */
class AnswerJudgeTest {

    private static final Duration TIME_RULE = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-12-03T20:00:00Z");

    private final AnswerJudge judge = new AnswerJudge(Optional.of(TIME_RULE));

    private static Instant at(int minutes, int seconds) {
        return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
    }

    private static MessageTimes deliveredAt(Instant d) {
        return MessageTimes.delivered("m000001", d);
    }

    @Nested
    class DemandRule {
        @Test
        void aCheckAfterTheNotificationThatMissesTheMailIsWrong() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.missed(at(11, 0), Set.of(), List.of(m))).containsExactly("m000001");
        }

        @Test
        void aCheckBeforeTheNotificationMayMissTheMail() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.missed(at(10, 0).plusMillis(500), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aCheckStartedAtTheNotificationsReturnMayMissTheMail() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.mustBeListed(m, at(10, 1))).isFalse();
        }

        @Test
        void aCheckAfterTheNotificationThatListsTheMailIsRight() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.missed(at(11, 0), Set.of("m000001"), List.of(m))).isEmpty();
        }
    }

    @Nested
    class TimeRule {
        @Test
        void withoutANotificationTheMailMayStayHiddenForTheInterval() {
            MessageTimes m = deliveredAt(at(10, 0));

            assertThat(judge.missed(at(24, 59), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aCheckMoreThanTheIntervalAfterDeliveryThatMissesTheMailIsWrong() {
            MessageTimes m = deliveredAt(at(10, 0));

            assertThat(judge.missed(at(25, 1), Set.of(), List.of(m))).containsExactly("m000001");
        }

        @Test
        void anEdgeWithoutATimeRuleOwesNothingWithoutANotification() {
            AnswerJudge oneInM = new AnswerJudge(Optional.empty());

            assertThat(oneInM.mustBeListed(deliveredAt(at(10, 0)), at(59, 0))).isFalse();
        }
    }

    @Nested
    class NotOwed {
        @Test
        void aMessageTheSubscriberDeletedIsNotExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1)).deleted(at(12, 0));

            assertThat(judge.missed(at(40, 0), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aMessageDeletedOnlyAfterTheCheckStartedIsStillExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1)).deleted(at(12, 0));

            assertThat(judge.mustBeListed(m, at(11, 0))).isTrue();
        }

        @Test
        void aMessageWhoseDeliveryHadNotReturnedIsNotExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.mustBeListed(m, at(9, 59))).isFalse();
        }

        @Test
        void aMessageStillBeingDeliveredIsNotExpected() {
            MessageTimes m = new MessageTimes("m000001", Optional.empty(), Optional.empty(), Optional.empty());

            assertThat(judge.mustBeListed(m, at(59, 0))).isFalse();
        }
    }

    @Test
    void onlyTheOwedMessagesThatAreMissingAreReported() {
        MessageTimes listed = MessageTimes.delivered("m1", at(1, 0)).notified(at(1, 1));
        MessageTimes missing = MessageTimes.delivered("m2", at(2, 0)).notified(at(2, 1));
        MessageTimes notYetDue = MessageTimes.delivered("m3", at(4, 0));

        assertThat(judge.missed(at(5, 0), Set.of("m1"), List.of(listed, missing, notYetDue))).containsExactly("m2");
    }
}
