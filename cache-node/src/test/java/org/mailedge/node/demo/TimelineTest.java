package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

/** The ledger that feeds the judge: times are read when events are recorded, on a clock moved by hand. */
class TimelineTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final Instant origin = clock.instant();
    private final Timeline timeline = new Timeline(clock, origin, new AnswerJudge(Optional.of(Duration.ofMinutes(15))));

    private Instant advance(int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        return clock.instant();
    }

    private CheckResult check(Instant start, Set<String> listed, Set<String> deleted) {
        return CheckResult.completed(start, start, listed, Set.of(), deleted);
    }

    @Test
    void aCheckThatMissesNotifiedMailIsCountedWrongWithAnExample() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        advance(1);
        timeline.notified(id);

        boolean wrong = timeline.record("sub0001", check(advance(30), Set.of(), Set.of()));

        assertThat(wrong).isTrue();
        assertThat(timeline.wrongAnswers()).isEqualTo(1);
        assertThat(timeline.wrongExamples()).singleElement().asString()
                .startsWith("sub0001: check at +0:00:31 missed " + id + " (delivered +0:00:00, notified +0:00:01)");
    }

    @Test
    void anotherSubscribersMailIsNotOwed() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.notified(id);

        assertThat(timeline.record("sub0002", check(advance(60), Set.of(), Set.of()))).isFalse();
    }

    @Test
    void aDeletionRecordedBeforeTheDeliveryReturnedIsKept() {
        String id = timeline.newMessage("sub0001");
        // the subscriber downloads and deletes the message before the generator's SMTP call returns
        timeline.record("sub0001", check(advance(1), Set.of(id), Set.of(id)));
        advance(1);
        timeline.delivered(id);
        timeline.notified(id);

        assertThat(timeline.record("sub0001", check(advance(60 * 20), Set.of(), Set.of()))).isFalse();
    }

    @Test
    void messagesAFailedCheckSentDeleForAreNoLongerOwed() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.notified(id);
        Instant start = advance(10);
        timeline.record("sub0001", CheckResult.failed(start, Optional.of(start), Set.of(id), Set.of(id), Set.of(id), "QUIT answered -ERR"));

        assertThat(timeline.record("sub0001", check(advance(60), Set.of(), Set.of()))).isFalse();
        assertThat(timeline.wrongAnswers()).isZero();
    }

    @Test
    void aFailedCheckIsNotJudged() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.notified(id);
        Instant start = advance(10);

        assertThat(timeline.record("sub0001", CheckResult.failed(start, Optional.empty(), Set.of(), Set.of(), Set.of(), "refused"))).isFalse();
    }

    @Test
    void mailListedAgainAfterTheSubscriberDeletedItIsAWrongAnswer() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.record("sub0001", check(advance(30), Set.of(id), Set.of(id)));

        boolean wrong = timeline.record("sub0001", check(advance(30), Set.of(id), Set.of()));

        assertThat(wrong).isTrue();
        assertThat(timeline.deletedMailShown()).isEqualTo(1);
        assertThat(timeline.wrongExamples()).singleElement().asString()
                .isEqualTo("sub0001: check at +0:01:00 listed " + id + " (deleted through the edge, confirmed +0:00:30)");
    }

    @Test
    void mailASecondDeviceDeletedIsNotOwedToACheckWhoseListingCameAfterTheDelete() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.notified(id);
        Instant start = advance(60);
        advance(1);
        timeline.deletingAtCentral(List.of(id));
        timeline.deletedAtCentral(List.of(id));
        Instant listed = advance(1);

        assertThat(timeline.record("sub0001", CheckResult.completed(start, listed, Set.of(), Set.of(), Set.of()))).isFalse();
    }

    @Test
    void aDownloadOfMailASecondDeviceDeletedIsAWrongAnswer() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        advance(60);
        timeline.deletingAtCentral(List.of(id));
        timeline.deletedAtCentral(List.of(id));
        Instant start = advance(10);

        boolean wrong = timeline.record("sub0001", CheckResult.completed(start, start, Set.of(id), Set.of(id), Set.of()));

        assertThat(wrong).isTrue();
        assertThat(timeline.deletedMailShown()).isEqualTo(1);
        assertThat(timeline.wrongExamples()).singleElement().asString().contains("downloaded " + id
                + " (deleted at the central server by a second device, confirmed +0:01:00)");
    }

    @Test
    void aDeleteWhoseQuitFailedIsNotHeldAgainstTheEdge() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        advance(60);
        timeline.deletingAtCentral(List.of(id));
        Instant start = advance(60 * 20);

        assertThat(timeline.record("sub0001", CheckResult.completed(start, start, Set.of(id), Set.of(id), Set.of()))).isFalse();
    }

    @Test
    void aRefusedDownloadOfMailASecondDeviceDeletedIsCountedAndRight() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.deletingAtCentral(List.of(id));
        timeline.deletedAtCentral(List.of(id));
        Instant start = advance(60);

        CheckResult check = CheckResult.completed(start, start, Set.of(id), Set.of(), Set.of()).withRefused(Set.of(id));

        assertThat(timeline.record("sub0001", check)).isFalse();
        assertThat(timeline.deletedMailRefused()).isEqualTo(1);
    }

    @Test
    void aRefusedDownloadOfMailNobodyDeletedIsAWrongAnswer() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        Instant start = advance(60);

        CheckResult check = CheckResult.completed(start, start, Set.of(id), Set.of(), Set.of()).withRefused(Set.of(id));

        assertThat(timeline.record("sub0001", check)).isTrue();
        assertThat(timeline.wrongExamples()).singleElement().asString().endsWith("was refused " + id + ", which nobody had deleted");
        assertThat(timeline.deletedMailRefused()).isZero();
    }

    @Test
    void mailWaitingBeforeTheRunIsOwedButIsNotNewMail() {
        timeline.waiting("sub0001", "w00001", origin.minusSeconds(300));

        assertThat(timeline.record("sub0001", check(advance(60 * 11), Set.of(), Set.of()))).isTrue();
        assertThat(timeline.wrongExamples()).singleElement().asString()
                .isEqualTo("sub0001: check at +0:11:00 missed w00001 (delivered -0:05:00, notified never)");
        assertThat(timeline.visibility().delivered()).isZero();
        assertThat(timeline.delivered()).isZero();
    }

    @Test
    void visibilityIsMeasuredFromDeliveryToTheFirstListing() {
        String first = timeline.newMessage("sub0001");
        timeline.delivered(first);
        String second = timeline.newMessage("sub0002");
        timeline.delivered(second);
        String never = timeline.newMessage("sub0003");
        timeline.delivered(never);

        timeline.record("sub0001", check(advance(30), Set.of(first), Set.of()));
        timeline.record("sub0002", check(advance(90), Set.of(second), Set.of()));
        timeline.record("sub0002", check(advance(60), Set.of(second), Set.of()));

        Visibility v = timeline.visibility();
        assertThat(v.delivered()).isEqualTo(3);
        assertThat(v.listed()).isEqualTo(2);
        assertThat(v.delays()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(120));
        assertThat(v.mean()).contains(Duration.ofSeconds(75));
        assertThat(v.percentile(95)).contains(Duration.ofSeconds(120));
        assertThat(v.max()).contains(Duration.ofSeconds(120));
    }

    @Test
    void withNothingListedThereIsNoDelayToReport() {
        Visibility v = timeline.visibility();

        assertThat(v.mean()).isEmpty();
        assertThat(v.max()).isEmpty();
    }
}
