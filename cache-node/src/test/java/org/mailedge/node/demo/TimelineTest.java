package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
        return CheckResult.completed(start, start, listed, deleted);
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
        timeline.record("sub0001", CheckResult.failed(start, Optional.of(start), Set.of(id), Set.of(id), "QUIT answered -ERR"));

        assertThat(timeline.record("sub0001", check(advance(60), Set.of(), Set.of()))).isFalse();
        assertThat(timeline.wrongAnswers()).isZero();
    }

    @Test
    void aFailedCheckIsNotJudged() {
        String id = timeline.newMessage("sub0001");
        timeline.delivered(id);
        timeline.notified(id);
        Instant start = advance(10);

        assertThat(timeline.record("sub0001", CheckResult.failed(start, Optional.empty(), Set.of(), Set.of(), "refused"))).isFalse();
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
