package org.mailedge.db.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PrefetchRuns} must do. An implementation's test implements this
 * interface and supplies a fresh, empty record per test.
 */
public interface PrefetchRunsContract {

    Instant T0 = Instant.parse("2025-03-01T02:00:00Z");

    /** A fresh, empty record of runs. */
    PrefetchRuns runs();

    @Test
    default void aStartedRunIsRunningWithNothingDoneYet() {
        long id = runs().start(T0, 40);
        assertThat(runs().find(id)).hasValue(
                new PrefetchRun(id, T0, Optional.empty(), 40, 0, 0, 0, Optional.empty()));
    }

    @Test
    default void progressIsVisibleWhileTheRunGoesOn() {
        long id = runs().start(T0, 40);
        runs().progress(id, 3, 120, 9_000_000_000L);
        runs().progress(id, 5, 150, 9_500_000_000L);
        assertThat(runs().find(id)).hasValue(
                new PrefetchRun(id, T0, Optional.empty(), 40, 5, 150, 9_500_000_000L, Optional.empty()));
    }

    @Test
    default void runsLeftRunningByAStoppedNodeAreFinishedAndFinishedOnesKeepTheirOutcome() {
        long done = runs().start(T0, 10);
        runs().finish(done, T0.plusSeconds(60), "completed");
        long cut = runs().start(T0.plusSeconds(120), 10);
        runs().progress(cut, 4, 40, 4_000);
        assertThat(runs().finishUnfinished(T0.plusSeconds(600), "interrupted")).isEqualTo(1);
        assertThat(runs().find(cut)).hasValue(new PrefetchRun(cut, T0.plusSeconds(120), Optional.of(T0.plusSeconds(600)),
                10, 4, 40, 4_000, Optional.of("interrupted")));
        assertThat(runs().find(done).orElseThrow().outcome()).hasValue("completed");
        assertThat(runs().finishUnfinished(T0.plusSeconds(700), "interrupted")).isZero();
    }

    @Test
    default void aFinishedRunHasItsEndAndOutcome() {
        long id = runs().start(T0, 2);
        runs().progress(id, 2, 7, 700);
        runs().finish(id, T0.plusSeconds(90), "completed");
        assertThat(runs().find(id)).hasValue(new PrefetchRun(id, T0, Optional.of(T0.plusSeconds(90)), 2, 2, 7, 700,
                Optional.of("completed")));
    }

    @Test
    default void eachRunHasItsOwnId() {
        long first = runs().start(T0, 1);
        long second = runs().start(T0, 1);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    default void anUnknownRunIsNotFound() {
        assertThat(runs().find(424242)).isEmpty();
    }

    @Test
    default void recentRunsComeNewestFirstUpToTheLimit() {
        long monday = runs().start(T0, 1);
        long wednesday = runs().start(T0.plusSeconds(2 * 86_400), 1);
        long tuesday = runs().start(T0.plusSeconds(86_400), 1);
        assertThat(runs().recent(10)).extracting(PrefetchRun::id).containsExactly(wednesday, tuesday, monday);
        assertThat(runs().recent(2)).extracting(PrefetchRun::id).containsExactly(wednesday, tuesday);
        assertThat(runs().recent(0)).isEmpty();
    }
}
