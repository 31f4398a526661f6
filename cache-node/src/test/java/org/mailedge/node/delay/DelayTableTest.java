package org.mailedge.node.delay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

/** The delay table on an injected clock: growth, cap, gradual decay, purge, and the split of a session's delay. */
class DelayTableTest {

    private static final Duration N = Duration.ofMinutes(15);

    private final MutableClock clock = MutableClock.atEpoch();
    private final DelayTable table = new DelayTable(
            new DelayRule(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(15)), clock);

    /** The user checks every {@code every}, {@code times} times; returns each session's delay. */
    private List<Duration> checks(String user, Duration every, int times) {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            clock.advance(every);
            delays.add(table.onCheck(user, N));
        }
        return delays;
    }

    @Test
    void theFirstCheckEntersTheTableWithoutDelay() {
        assertThat(table.onCheck("alice", N)).isZero();
        assertThat(table.level("alice")).contains(Duration.ZERO);
    }

    @Test
    void aUserWhoPollsWithinTheDesiredIntervalGetsNoDelay() {
        assertThat(checks("alice", N, 5)).allMatch(Duration::isZero);
    }

    @Test
    void delayGrowsWithEachEarlyCheckUpToTheCap() {
        table.onCheck("alice", N);
        // back to back: a full step each time
        assertThat(checks("alice", Duration.ZERO, 8)).extracting(Duration::toSeconds)
                .containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 60L, 60L);
    }

    @Test
    void theMoreOftenAUserPollsTheFasterTheDelayGrows() {
        table.onCheck("fast", N);
        Duration fast = checks("fast", Duration.ofMinutes(3), 3).get(2);
        table.onCheck("slow", N);
        Duration slow = checks("slow", Duration.ofMinutes(12), 3).get(2);
        // 3 min against 15: 4/5 of a step per check; 12 min: 1/5 of a step
        assertThat(fast).isEqualTo(Duration.ofSeconds(3 * 8));
        assertThat(slow).isEqualTo(Duration.ofSeconds(3 * 2));
    }

    @Test
    void delayShrinksGraduallyOnceTheUserSlowsDown() {
        table.onCheck("alice", N);
        checks("alice", Duration.ZERO, 6);
        assertThat(table.level("alice")).contains(Duration.ofSeconds(60));
        // on time: one step less per check, not all at once
        assertThat(checks("alice", N, 7)).extracting(Duration::toSeconds)
                .containsExactly(50L, 40L, 30L, 20L, 10L, 0L, 0L);
    }

    @Test
    void aLongPauseTakesOffOneStepPerIntervalPassed() {
        table.onCheck("alice", N);
        checks("alice", Duration.ZERO, 6);
        clock.advance(N.multipliedBy(4));
        assertThat(table.onCheck("alice", N)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void purgeDropsUsersWhoseDelayFadedAndWhoStoppedChecking() {
        table.onCheck("idle", N);
        table.onCheck("delayed", N);
        clock.advance(Duration.ofSeconds(1));
        table.onCheck("delayed", N);
        clock.advance(N);
        assertThat(table.purge(N)).isEqualTo(1);
        assertThat(table.level("idle")).isEmpty();
        assertThat(table.level("delayed")).isPresent();
        // a dropped user's next check is a first one again
        assertThat(table.onCheck("idle", N)).isZero();
    }

    @Test
    void aSessionsDelayIsSplitIntoWaitsUnderTheCap() {
        DelayBudget budget = table.rule().budget(Duration.ofSeconds(40));
        assertThat(List.of(budget.nextWait(), budget.nextWait(), budget.nextWait(), budget.nextWait()))
                .extracting(Duration::toSeconds).containsExactly(15L, 15L, 10L, 0L);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void theTotalNeverExceedsMaxTotalNorAnyWaitTheCap() {
        table.onCheck("alice", N);
        for (Duration total : checks("alice", Duration.ofMillis(200), 50)) {
            assertThat(total).isLessThanOrEqualTo(Duration.ofSeconds(60));
            DelayBudget budget = table.rule().budget(total);
            Duration sum = Duration.ZERO;
            for (Duration wait = budget.nextWait(); !wait.isZero(); wait = budget.nextWait()) {
                assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(15));
                sum = sum.plus(wait);
            }
            assertThat(sum).isEqualTo(total);
        }
    }
}
