package org.mailedge.node.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulator on small populations: invariants that any policy engine must show. */
class SimulationTest {

    private static final SimulationSettings SMALL = SimulationSettings.defaults().withSubscribers(2_000)
            .withDuration(Duration.ofHours(6));

    private static List<PolicyResult> run(SimulationSettings settings, String... policies) {
        return new Simulation(settings, java.util.Arrays.stream(policies).map(PolicySetting::parse).toList()).run().policies();
    }

    private static PolicyResult only(SimulationSettings settings, String policy) {
        return run(settings, policy).get(0);
    }

    @Test
    void withoutAttenuationEveryCheckGoesThrough() {
        PolicyResult none = only(SMALL, "time:0m");
        assertThat(none.checks()).isPositive();
        assertThat(none.central()).isEqualTo(none.checks());
        assertThat(none.reductionPercent()).isZero();
    }

    @Test
    void withoutNotificationLossTheTimeRuleNeverDelaysMailBeyondNPlusTheLongestPollInterval() {
        SimulationSettings timers = new SimulationSettings(2_000,
                SimulationSettings.WeightedInterval.parseList("1m:1,5m:1,10m:1"), 1.0, 2.0, 0.0,
                Duration.ofSeconds(2), Duration.ofHours(6), 7, 0.6, 0.2);
        for (PolicyResult p : run(timers, "time:5m", "time:15m", "time:30m")) {
            assertThat(p.delays().messages()).isPositive();
            // a notification releases the next check: the delay is at most the notification's own delay plus one poll
            assertThat(p.delays().maxSeconds()).as(p.policy()).isLessThanOrEqualTo(2 + 600 + 0.2);
        }
    }

    @Test
    void whenEveryNotificationIsLostTheTimeRuleStillShowsMailWithinNPlusTheLongestPollInterval() {
        SimulationSettings timers = new SimulationSettings(2_000,
                SimulationSettings.WeightedInterval.parseList("1m:1,5m:1,10m:1"), 1.0, 2.0, 1.0,
                Duration.ofSeconds(2), Duration.ofHours(6), 7, 0.6, 0.2);
        PolicyResult p = only(timers, "time:15m");
        assertThat(p.delays().maxSeconds()).isLessThanOrEqualTo(900 + 600 + 0.2);
        assertThat(p.delays().maxSeconds()).isGreaterThan(600);
    }

    @Test
    void everyPolicySeesTheSameChecksAndTheSameMail() {
        List<PolicyResult> results = run(SMALL, "time:0m", "time:15m", "one-in-m:4", "time:15m+fastcheck", "adaptive:5m-30m");
        assertThat(results).extracting(PolicyResult::checks).containsOnly(results.get(0).checks());
        assertThat(results).extracting(p -> p.delays().messages() + p.unseen())
                .containsOnly(results.get(0).delays().messages() + results.get(0).unseen());
    }

    @Test
    void aLongerIntervalSavesMoreSessionsAndDelaysMailMore() {
        List<PolicyResult> results = run(SMALL, "time:5m", "time:15m");
        assertThat(results.get(1).reductionPercent()).isGreaterThan(results.get(0).reductionPercent());
        assertThat(results.get(1).delays().meanSeconds()).isGreaterThanOrEqualTo(results.get(0).delays().meanSeconds());
    }

    @Test
    void oneInMLetsAboutOneCheckInMThrough() {
        PolicyResult p = only(SMALL.withNotificationLoss(1.0), "one-in-m:4");
        // the first check of each user, and the demand rule never, so close to 1 in 4
        assertThat(p.reductionPercent()).isBetween(70.0, 75.0);
    }

    @Test
    void runningUserByUserGivesTheSameNumbersAsRunningInTimeOrder() {
        // an adaptive rule whose n cannot move is the time rule, but it is run in global time order
        List<PolicyResult> results = run(SMALL, "time:15m+fastcheck", "adaptive:15m-15m+fastcheck");
        PolicyResult byUser = results.get(0);
        PolicyResult inTimeOrder = results.get(1);
        assertThat(inTimeOrder.checks()).isEqualTo(byUser.checks());
        assertThat(inTimeOrder.central()).isEqualTo(byUser.central());
        assertThat(inTimeOrder.fastCheckRewards()).isEqualTo(byUser.fastCheckRewards());
        assertThat(inTimeOrder.delays()).isEqualTo(byUser.delays());
        assertThat(inTimeOrder.unseen()).isEqualTo(byUser.unseen());
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        assertThat(only(SMALL, "time:15m+fastcheck")).isEqualTo(only(SMALL, "time:15m+fastcheck"));
    }

    @Nested
    class FastCheck {
        @Test
        void aPopulationOfPollTimersEarnsNoReward() {
            SimulationSettings timers = new SimulationSettings(2_000,
                    SimulationSettings.WeightedInterval.parseList("10s:1,1m:1"), 1.0, 1.0, 0.0,
                    Duration.ofSeconds(2), Duration.ofHours(2), 3, 0.6, 1.0);
            assertThat(only(timers, "time:15m+fastcheck").fastCheckRewards()).isZero();
        }

        @Test
        void peopleWhoExpectMailAreRewardedAndSeeItSoonerWhenNotificationsAreLost() {
            SimulationSettings people = new SimulationSettings(2_000,
                    SimulationSettings.WeightedInterval.parseList("10m:1"), 0.0, 1.0, 1.0,
                    Duration.ofSeconds(2), Duration.ofHours(6), 3, 0.0, 1.0);
            List<PolicyResult> results = run(people, "time:15m", "time:15m+fastcheck");
            assertThat(results.get(1).fastCheckRewards()).isPositive();
            assertThat(results.get(1).delays().meanSeconds()).isLessThan(results.get(0).delays().meanSeconds());
        }
    }

    @Nested
    class DelayMode {
        /** Poll timers only, every 1 to 5 minutes, against n = 15 min: every client polls too often. */
        private final SimulationSettings overPolling = new SimulationSettings(2_000,
                SimulationSettings.WeightedInterval.parseList("1m:1,2m:1,5m:1"), 1.0, 0.5, 0.05,
                Duration.ofSeconds(2), Duration.ofHours(6), 11, 0.6, 0.0);

        @Test
        void everyCheckGoesThroughButClientsCheckLessOften() {
            List<PolicyResult> results = run(overPolling, "time:0m", "delay:15m");
            PolicyResult none = results.get(0);
            PolicyResult delay = results.get(1);
            assertThat(delay.central()).isEqualTo(delay.checks());
            assertThat(delay.delayInsertedMillis()).isPositive();
            // sessions that take up to a minute longer push every timer back: fewer checks, so fewer central sessions
            assertThat(delay.checks()).isLessThan(none.checks());
            assertThat(none.delayInsertedMillis()).isZero();
            // the reduction is against what the same clients check without the edge
            assertThat(delay.clientChecks()).isEqualTo(none.checks());
            assertThat(delay.reductionPercent()).isEqualTo(100.0 * (none.checks() - delay.central()) / none.checks()).isPositive();
        }

        @Test
        void aDelaySettingAloneStillReportsItsReductionAgainstTheClientsOwnChecks() {
            PolicyResult alone = only(overPolling, "delay:15m");
            PolicyResult none = only(overPolling, "time:0m");
            assertThat(alone.clientChecks()).isEqualTo(none.checks());
            assertThat(alone.central()).isEqualTo(run(overPolling, "time:0m", "delay:15m").get(1).central());
        }

        @Test
        void noSessionIsDelayedBeyondMaxTotalSoMailIsNeverShownMuchLater() {
            List<PolicyResult> results = run(overPolling, "time:0m", "delay:15m");
            PolicyResult delay = results.get(1);
            assertThat(delay.delayInsertedMillis()).isLessThanOrEqualTo(delay.checks() * 60_000L);
            // the same mail; seen at most the longest timer (5 min) plus its jitter plus one delayed session later
            assertThat(delay.delays().messages() + delay.unseen()).isEqualTo(results.get(0).delays().messages() + results.get(0).unseen());
            assertThat(delay.delays().maxSeconds()).isLessThanOrEqualTo(5 * 60 + 1 + 2 * 60);
        }
    }

    @Nested
    class PolicySettings {
        @Test
        void everyFormIsUnderstood() {
            assertThat(PolicySetting.parse("time:15m").interval()).isEqualTo(Duration.ofMinutes(15));
            assertThat(PolicySetting.parse("one-in-m:4").m()).isEqualTo(4);
            PolicySetting adaptive = PolicySetting.parse("adaptive:5m-30m@40-120");
            assertThat(adaptive.interval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(adaptive.max()).isEqualTo(Duration.ofMinutes(30));
            assertThat(adaptive.highRate()).isEqualTo(120);
            assertThat(PolicySetting.parse("time:15m+fastcheck").fastCheck()).isPresent();
            assertThat(PolicySetting.parse("time:15m+fastcheck:4/60s").fastCheck().orElseThrow().checks()).isEqualTo(4);
            assertThat(PolicySetting.parse("delay:15m").kind()).isEqualTo(PolicySetting.Kind.DELAY);
        }

        @Test
        void anUnknownFormIsRefusedWithTheFormsThatExist() {
            assertThatThrownBy(() -> PolicySetting.parse("sometimes:15m"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one-in-m:M").hasMessageContaining("delay:N");
            assertThatThrownBy(() -> PolicySetting.parse("delay:15m+fastcheck"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
