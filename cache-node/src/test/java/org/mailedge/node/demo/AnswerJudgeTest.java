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
 * The judge's three rules on hand-made timelines. New mail: a check must list a message once
 * its notification returned, or once the time rule's interval has passed since delivery;
 * until then, hiding it is what attenuation is for. Deleted mail: never listed once the edge
 * knew, and never downloaded once the central server deleted it.
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

            assertThat(judge.missed(at(11, 0), at(11, 0), Set.of(), List.of(m))).containsExactly("m000001");
        }

        @Test
        void aCheckBeforeTheNotificationMayMissTheMail() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.missed(at(10, 0).plusMillis(500), at(10, 0).plusMillis(500), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aCheckStartedAtTheNotificationsReturnMayMissTheMail() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.mustBeListed(m, at(10, 1), at(10, 1))).isFalse();
        }

        @Test
        void aCheckAfterTheNotificationThatListsTheMailIsRight() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.missed(at(11, 0), at(11, 0), Set.of("m000001"), List.of(m))).isEmpty();
        }
    }

    @Nested
    class TimeRule {
        @Test
        void withoutANotificationTheMailMayStayHiddenForTheInterval() {
            MessageTimes m = deliveredAt(at(10, 0));

            assertThat(judge.missed(at(24, 59), at(24, 59), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aCheckMoreThanTheIntervalAfterDeliveryThatMissesTheMailIsWrong() {
            MessageTimes m = deliveredAt(at(10, 0));

            assertThat(judge.missed(at(25, 1), at(25, 1), Set.of(), List.of(m))).containsExactly("m000001");
        }

        @Test
        void anEdgeWithoutATimeRuleOwesNothingWithoutANotification() {
            AnswerJudge oneInM = new AnswerJudge(Optional.empty());

            assertThat(oneInM.mustBeListed(deliveredAt(at(10, 0)), at(59, 0), at(59, 0))).isFalse();
        }
    }

    @Nested
    class NotOwed {
        @Test
        void aMessageTheSubscriberDeletedIsNotExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1)).deleted(at(12, 0));

            assertThat(judge.missed(at(40, 0), at(40, 0), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aMessageDeletedOnlyAfterTheCheckStartedIsStillExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1)).deleted(at(12, 0));

            assertThat(judge.mustBeListed(m, at(11, 0), at(11, 0))).isTrue();
        }

        @Test
        void aMessageWhoseDeliveryHadNotReturnedIsNotExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1));

            assertThat(judge.mustBeListed(m, at(9, 59), at(9, 59))).isFalse();
        }

        @Test
        void aMessageASecondDeviceDeletedBeforeTheListingWasReadIsNotExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1))
                    .withDeletion(Deletion.unconfirmed(Deletion.Route.AT_CENTRAL, at(30, 1)));

            // the check started before the second device's QUIT, the edge's central login came after it
            assertThat(judge.missed(at(30, 0), at(30, 2), Set.of(), List.of(m))).isEmpty();
        }

        @Test
        void aMessageASecondDeviceDeletedOnlyAfterTheListingWasReadIsStillExpected() {
            MessageTimes m = deliveredAt(at(10, 0)).notified(at(10, 1))
                    .withDeletion(Deletion.unconfirmed(Deletion.Route.AT_CENTRAL, at(30, 3)));

            assertThat(judge.missed(at(30, 0), at(30, 2), Set.of(), List.of(m))).containsExactly("m000001");
        }

        @Test
        void aMessageStillBeingDeliveredIsNotExpected() {
            MessageTimes m = MessageTimes.registered("m000001");

            assertThat(judge.mustBeListed(m, at(59, 0), at(59, 0))).isFalse();
        }
    }

    /** Rule 2: what the subscriber deleted through the edge is gone at once; what a second device deleted, within the time rule. */
    @Nested
    class DeletedMailListed {
        @Test
        void aCheckAfterTheSubscribersOwnDeleteThatListsTheMessageIsWrong() {
            MessageTimes m = deliveredAt(at(10, 0)).deleted(at(12, 0));

            assertThat(judge.listedAfterDeletion(at(12, 30), List.of(m))).containsExactly("m000001");
        }

        @Test
        void aCheckThatStartedBeforeTheSubscribersDeleteMayListIt() {
            MessageTimes m = deliveredAt(at(10, 0)).deleted(at(12, 0));

            assertThat(judge.mustNotBeListed(m, at(11, 59))).isFalse();
        }

        @Test
        void anUnconfirmedDeleteProvesNothing() {
            MessageTimes m = deliveredAt(at(10, 0)).withDeletion(Deletion.unconfirmed(Deletion.Route.THROUGH_EDGE, at(12, 0)));

            assertThat(judge.listedAfterDeletion(at(50, 0), List.of(m))).isEmpty();
            assertThat(judge.retrievedAfterDeletion(at(50, 0), List.of(m))).isEmpty();
        }

        @Test
        void mailASecondDeviceDeletedMayStillBeListedWithinTheTimeRule() {
            MessageTimes m = atCentral(deliveredAt(at(10, 0)), at(20, 0));

            // the edge answers attenuated checks from what it saw before: a leave-on-server client keeps its copy anyway
            assertThat(judge.listedAfterDeletion(at(35, 0), List.of(m))).isEmpty();
        }

        @Test
        void mailASecondDeviceDeletedMustNotBeListedOnceTheTimeRuleHasPassed() {
            MessageTimes m = atCentral(deliveredAt(at(10, 0)), at(20, 0));

            assertThat(judge.listedAfterDeletion(at(35, 1), List.of(m))).containsExactly("m000001");
        }

        @Test
        void anEdgeWithoutATimeRuleMayListASecondDevicesDeleteUntilACheckGoesThrough() {
            AnswerJudge oneInM = new AnswerJudge(Optional.empty());

            assertThat(oneInM.mustNotBeListed(atCentral(deliveredAt(at(10, 0)), at(20, 0)), at(59, 0))).isFalse();
        }
    }

    /** Rule 3: whoever deleted it, a message the central server no longer has is never downloaded. */
    @Nested
    class DeletedMailDownloaded {
        @Test
        void aDownloadOfMailASecondDeviceDeletedBeforeTheCheckStartedIsWrong() {
            MessageTimes m = atCentral(deliveredAt(at(10, 0)), at(20, 0));

            assertThat(judge.retrievedAfterDeletion(at(20, 1), List.of(m))).containsExactly("m000001");
        }

        @Test
        void evenWithinTheTimeRule() {
            MessageTimes m = atCentral(deliveredAt(at(10, 0)), at(20, 0));

            assertThat(judge.mustNotBeListed(m, at(20, 1))).isFalse();
            assertThat(judge.mustNotBeRetrieved(m, at(20, 1))).isTrue();
        }

        @Test
        void aDownloadByACheckThatStartedBeforeTheDeleteIsRight() {
            MessageTimes m = atCentral(deliveredAt(at(10, 0)), at(20, 0));

            assertThat(judge.retrievedAfterDeletion(at(19, 59), List.of(m))).isEmpty();
        }

        @Test
        void aDownloadOfMailTheSubscriberDeletedThroughTheEdgeIsWrong() {
            MessageTimes m = deliveredAt(at(10, 0)).deleted(at(12, 0));

            assertThat(judge.retrievedAfterDeletion(at(13, 0), List.of(m))).containsExactly("m000001");
        }

        @Test
        void aDownloadOfMailNobodyDeletedIsRight() {
            assertThat(judge.retrievedAfterDeletion(at(50, 0), List.of(deliveredAt(at(10, 0))))).isEmpty();
        }
    }

    /** Rule 4: a download may be refused only for mail someone asked to delete. */
    @Nested
    class RefusedDownloads {
        @Test
        void refusingMailNobodyDeletedIsWrong() {
            assertThat(judge.refusedWithoutDeletion(List.of(deliveredAt(at(10, 0))))).containsExactly("m000001");
        }

        @Test
        void refusingMailASecondDeviceIsDeletingIsRight() {
            MessageTimes m = deliveredAt(at(10, 0)).withDeletion(Deletion.unconfirmed(Deletion.Route.AT_CENTRAL, at(20, 0)));

            assertThat(judge.refusedWithoutDeletion(List.of(m))).isEmpty();
        }
    }

    /** A delete straight at the central server: requested just before its QUIT, confirmed when the QUIT returned. */
    private static MessageTimes atCentral(MessageTimes m, Instant confirmed) {
        return m.withDeletion(Deletion.unconfirmed(Deletion.Route.AT_CENTRAL, confirmed.minusMillis(5))).confirmed(confirmed);
    }

    @Test
    void onlyTheOwedMessagesThatAreMissingAreReported() {
        MessageTimes listed = MessageTimes.delivered("m1", at(1, 0)).notified(at(1, 1));
        MessageTimes missing = MessageTimes.delivered("m2", at(2, 0)).notified(at(2, 1));
        MessageTimes notYetDue = MessageTimes.delivered("m3", at(4, 0));

        assertThat(judge.missed(at(5, 0), at(5, 0), Set.of("m1"), List.of(listed, missing, notYetDue))).containsExactly("m2");
    }
}
