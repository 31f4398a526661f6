package org.mailedge.node.attenuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

/** The seed's fast check on an injected clock: k irregular checks within w earn one check through. */
class FastCheckTest {

    private static final Duration N = Duration.ofMinutes(15);
    private static final LoginVerdict REWARDED = new LoginVerdict.GoThrough(LoginVerdict.Reason.FAST_CHECK);

    private final MutableClock clock = MutableClock.atEpoch();
    private final AttenuationTable table = new AttenuationTable(new ReleasePolicy.TimeRule(N), new PasswordVerifier(), clock,
            Optional.of(FastCheck.defaults()));

    /** What the POP3 layer does for a check that went through and found the maildrop empty. */
    private void wentThrough() {
        table.acquireAfterCentralLogin("alice", "secret").orElseThrow().release(MailboxState.EMPTY, clock.millis());
    }

    /** A check after {@code seconds}: its verdict, with the session ended as the POP3 layer ends it. */
    private LoginVerdict checkAfter(double seconds) {
        clock.advance(Duration.ofMillis(Math.round(seconds * 1000)));
        LoginVerdict verdict = table.onLogin("alice", "secret");
        if (verdict instanceof LoginVerdict.AnswerAtEdge edge) {
            edge.lease().releaseUnchanged();
        } else if (verdict instanceof LoginVerdict.GoThrough) {
            wentThrough();
        }
        return verdict;
    }

    @Nested
    class TheReward {
        @Test
        void theThirdOfThreeIrregularChecksWithinThirtySecondsGoesThrough() {
            wentThrough();
            assertThat(checkAfter(7)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(checkAfter(12)).isEqualTo(REWARDED);
        }

        @Test
        void aBurstOnTopOfOrdinaryPollingIsRewardedToo() {
            wentThrough();
            assertThat(checkAfter(300)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(checkAfter(6)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(checkAfter(14)).isEqualTo(REWARDED);
        }

        @Test
        void twoRapidChecksAreNotEnough() {
            wentThrough();
            assertThat(checkAfter(300)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(checkAfter(9)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        }

        @Test
        void threeChecksSpreadOverMoreThanTheWindowAreNotRewarded() {
            wentThrough();
            assertThat(checkAfter(11)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(checkAfter(25)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        }

        @Test
        void kAndTheWindowAreConfigurable() {
            AttenuationTable fourIn60 = new AttenuationTable(new ReleasePolicy.TimeRule(N), new PasswordVerifier(), clock,
                    Optional.of(new FastCheck(4, Duration.ofSeconds(60), Duration.ofMinutes(10), RhythmClassifier.DEFAULT)));
            fourIn60.acquireAfterCentralLogin("bob", "pw").orElseThrow().release(MailboxState.EMPTY, clock.millis());
            for (int seconds : new int[] {9, 21}) {
                clock.advance(Duration.ofSeconds(seconds));
                LoginVerdict verdict = fourIn60.onLogin("bob", "pw");
                assertThat(verdict).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
                ((LoginVerdict.AnswerAtEdge) verdict).lease().releaseUnchanged();
            }
            clock.advance(Duration.ofSeconds(14));
            assertThat(fourIn60.onLogin("bob", "pw")).isEqualTo(REWARDED);
        }
    }

    @Nested
    class TheLockout {
        @Test
        void furtherRapidChecksAfterTheRewardAreAnsweredAtTheEdge() {
            wentThrough();
            checkAfter(7);
            assertThat(checkAfter(12)).isEqualTo(REWARDED);
            for (double gap : new double[] {4, 9, 6, 15, 3, 11, 8, 20}) {
                assertThat(checkAfter(gap)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            }
        }

        @Test
        void aBurstAfterTheLockoutIsRewardedAgain() {
            wentThrough();
            checkAfter(7);
            assertThat(checkAfter(12)).isEqualTo(REWARDED);
            assertThat(checkAfter(Duration.ofMinutes(10).toSeconds())).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            checkAfter(5);
            assertThat(checkAfter(13)).isEqualTo(REWARDED);
        }

        @Test
        void aNotificationStillReleasesTheNextCheckDuringTheLockout() {
            wentThrough();
            checkAfter(7);
            checkAfter(12);
            clock.advance(Duration.ofSeconds(30));
            table.onNewMail("alice");
            assertThat(checkAfter(5)).isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.NEW_MAIL_NOTIFIED));
        }

        @Test
        void theLockoutMustBeLongerThanTheWindow() {
            assertThatThrownBy(() -> new FastCheck(3, Duration.ofSeconds(30), Duration.ofSeconds(30), RhythmClassifier.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockout");
        }
    }

    @Nested
    class AutomatedPolling {
        @Test
        void aClientPollingEveryFiveSecondsIsNeverRewarded() {
            // 150 checks, 12.5 min: all within the time rule, so only a reward could let one through
            wentThrough();
            for (int i = 0; i < 150; i++) {
                assertThat(checkAfter(5 + (i % 3) * 0.05)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            }
        }

        @Test
        void aMetronomicBurstAfterAPauseIsNotRewarded() {
            wentThrough();
            checkAfter(600);
            checkAfter(10);
            assertThat(checkAfter(10)).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        }
    }

    @Test
    void withoutFastCheckRapidIrregularChecksAreAllAnsweredAtTheEdge() {
        AttenuationTable plain = new AttenuationTable(new ReleasePolicy.TimeRule(N), new PasswordVerifier(), clock);
        plain.acquireAfterCentralLogin("alice", "secret").orElseThrow().release(MailboxState.EMPTY, clock.millis());
        for (int seconds : new int[] {7, 12, 3, 9}) {
            clock.advance(Duration.ofSeconds(seconds));
            LoginVerdict verdict = plain.onLogin("alice", "secret");
            assertThat(verdict).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            ((LoginVerdict.AnswerAtEdge) verdict).lease().releaseUnchanged();
        }
    }
}
