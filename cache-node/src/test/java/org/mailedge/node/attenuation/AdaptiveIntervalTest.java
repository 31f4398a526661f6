package org.mailedge.node.attenuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

/** n from load: the smoothed rate of central sessions, and the rule that follows it, on an injected clock. */
class AdaptiveIntervalTest {

    private static final Duration MIN = Duration.ofMinutes(5);
    private static final Duration MAX = Duration.ofMinutes(30);

    private final MutableClock clock = MutableClock.atEpoch();
    private final LoadSignal signal = new LoadSignal(Duration.ofMinutes(5).toMillis());
    private final AdaptiveInterval adaptive = new AdaptiveInterval(MIN, MAX, 10, 50, signal);

    /** Central sessions at {@code perSecond} for {@code duration}, evenly spaced. */
    private void load(double perSecond, Duration duration) {
        long step = Math.round(1000 / perSecond);
        for (long t = 0; t < duration.toMillis(); t += step) {
            clock.advance(Duration.ofMillis(step));
            signal.recordCentralSession(clock.millis());
        }
    }

    private Duration n() {
        return Duration.ofMillis(adaptive.intervalMillis(clock.millis()));
    }

    @Test
    void aSteadyRateReadsAsThatRate() {
        load(20, Duration.ofMinutes(30));
        assertThat(signal.sessionsPerSecond(clock.millis())).isCloseTo(20, within(0.5));
    }

    @Test
    void nIsTheMinimumWhileTheCentralServerIsIdle() {
        assertThat(n()).isEqualTo(MIN);
        load(5, Duration.ofMinutes(30));
        assertThat(n()).isEqualTo(MIN);
    }

    @Test
    void nRisesUnderLoadAndFallsWhenItEnds() {
        load(5, Duration.ofMinutes(30));
        load(30, Duration.ofMinutes(30));
        Duration peak = n();
        assertThat(peak).isBetween(Duration.ofMinutes(17), Duration.ofMinutes(18));
        clock.advance(Duration.ofMinutes(3));
        assertThat(n()).isLessThan(peak).isGreaterThan(MIN);
        clock.advance(Duration.ofMinutes(30));
        assertThat(n()).isEqualTo(MIN);
    }

    @Test
    void nIsClampedAtTheMaximum() {
        load(200, Duration.ofMinutes(20));
        assertThat(n()).isEqualTo(MAX);
    }

    @Test
    void theAdaptiveRuleLetsACheckThroughAfterTheCurrentN() {
        AttenuationTable table = new AttenuationTable(new ReleasePolicy.AdaptiveTimeRule(adaptive), new PasswordVerifier(), clock);
        table.acquireAfterCentralLogin("alice", "secret").orElseThrow().release(MailboxState.EMPTY, clock.millis());
        clock.advance(MIN);
        assertThat(table.onLogin("alice", "secret")).isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.POLICY));

        table.acquireAfterCentralLogin("alice", "secret").orElseThrow().release(MailboxState.EMPTY, clock.millis());
        load(200, Duration.ofMinutes(20));
        LoginVerdict underLoad = table.onLogin("alice", "secret");
        assertThat(underLoad).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        ((LoginVerdict.AnswerAtEdge) underLoad).lease().releaseUnchanged();
        load(200, Duration.ofMinutes(10));
        assertThat(table.onLogin("alice", "secret")).isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.POLICY));
    }

    @Test
    void withoutTheTimeOfTheCheckTheRuleUsesTheLargestN() {
        ReleasePolicy rule = new ReleasePolicy.AdaptiveTimeRule(adaptive);
        assertThat(rule.releases(MIN.toMillis(), 0)).isFalse();
        assertThat(rule.releases(MAX.toMillis(), 0)).isTrue();
    }

    @Test
    void boundsAndThresholdsAreChecked() {
        assertThatThrownBy(() -> new AdaptiveInterval(MAX, MIN, 10, 50, signal)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdaptiveInterval(MIN, MAX, 50, 10, signal)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadSignal(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
