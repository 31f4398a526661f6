package org.mailedge.node.attenuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

/** The seed's state table and the release rules, on an injected clock. */
class AttenuationTableTest {

    private static final Duration N = Duration.ofMinutes(15);
    private static final MailboxState TWO = MailboxState.of(List.of(
            new MailboxState.Message("uid-1", 120), new MailboxState.Message("uid-2", 340)));

    private final MutableClock clock = MutableClock.atEpoch();
    private final AttenuationTable table = new AttenuationTable(new ReleasePolicy.TimeRule(N), new PasswordVerifier(), clock);

    /** A check that went through and QUIT with {@code state}: what the POP3 layer does. */
    private void checkWentThrough(String user, String password, MailboxState state) {
        Lease lease = table.acquireAfterCentralLogin(user, password).orElseThrow();
        lease.release(state, clock.millis());
    }

    @Nested
    class NoneState {
        @Test
        void aUserWithoutAnEntryGoesThrough() {
            assertThat(table.onLogin("alice", "secret"))
                    .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.UNKNOWN_USER));
        }

        @Test
        void anEntryIsCreatedOnlyAfterTheCentralServerAcceptedThePassword() {
            table.onLogin("alice", "secret");
            assertThat(table.size()).isZero();
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            assertThat(table.size()).isEqualTo(1);
        }
    }

    @Nested
    class IdleState {
        @Test
        void aRepeatCheckWithinTheIntervalIsAnsweredAtTheEdgeWithTheLastKnownState() {
            checkWentThrough("alice", "secret", TWO);
            clock.advance(Duration.ofMinutes(14));
            LoginVerdict verdict = table.onLogin("alice", "secret");
            assertThat(verdict).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(((LoginVerdict.AnswerAtEdge) verdict).state()).isEqualTo(TWO);
        }

        @Test
        void theTimeRuleLetsTheFirstCheckAfterTheIntervalThrough() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            clock.advance(N);
            assertThat(table.onLogin("alice", "secret"))
                    .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.POLICY));
        }

        @Test
        void theIntervalRestartsWhenACheckGoesThrough() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            clock.advance(N);
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            clock.advance(Duration.ofMinutes(10));
            assertThat(table.onLogin("alice", "secret")).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        }

        @Test
        void aWrongPasswordIsNeverAnsweredAtTheEdge() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            assertThat(table.onLogin("alice", "guess"))
                    .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.PASSWORD_NOT_VERIFIED));
        }

        @Test
        void aChangedPasswordReplacesTheVerifierOnceTheCentralServerAcceptsIt() {
            checkWentThrough("alice", "old", MailboxState.EMPTY);
            checkWentThrough("alice", "new", MailboxState.EMPTY);
            assertThat(table.onLogin("alice", "new")).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(table.onLogin("alice", "old"))
                    .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.PASSWORD_NOT_VERIFIED));
        }
    }

    @Nested
    class LockFlag {
        @Test
        void aSecondSessionWhileTheFirstHoldsTheMailboxIsInUse() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            assertThat(table.onLogin("alice", "secret")).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
            assertThat(table.onLogin("alice", "secret")).isInstanceOf(LoginVerdict.InUse.class);
        }

        @Test
        void aWrongPasswordWhileLockedIsNotToldThatTheMailboxIsInUse() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            table.onLogin("alice", "secret");
            assertThat(table.onLogin("alice", "guess")).isInstanceOf(LoginVerdict.GoThrough.class);
        }

        @Test
        void aCentralLoginWhileLockedGetsNoLease() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            table.onLogin("alice", "secret");
            assertThat(table.acquireAfterCentralLogin("alice", "secret")).isEmpty();
        }

        @Test
        void releasingTwiceIsHarmlessAndUnlocks() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            LoginVerdict.AnswerAtEdge first = (LoginVerdict.AnswerAtEdge) table.onLogin("alice", "secret");
            first.lease().releaseUnchanged();
            first.lease().releaseUnknown();
            assertThat(table.view("alice").orElseThrow().locked()).isFalse();
            assertThat(table.onLogin("alice", "secret")).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        }
    }

    @Nested
    class DemandRule {
        @Test
        void aNotificationLetsTheVeryNextCheckThrough() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            clock.advance(Duration.ofMinutes(1));
            assertThat(table.onNewMail("alice")).isTrue();
            assertThat(table.onLogin("alice", "secret"))
                    .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.NEW_MAIL_NOTIFIED));
        }

        @Test
        void aNotificationIsSpentByTheCheckThatWentThroughAfterIt() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            clock.advance(Duration.ofMinutes(1));
            table.onNewMail("alice");
            clock.advance(Duration.ofMinutes(1));
            checkWentThrough("alice", "secret", TWO);
            clock.advance(Duration.ofMinutes(1));
            assertThat(table.onLogin("alice", "secret")).isInstanceOf(LoginVerdict.AnswerAtEdge.class);
        }

        @Test
        void aNotificationDuringASessionReleasesTheCheckAfterIt() {
            checkWentThrough("alice", "secret", MailboxState.EMPTY);
            clock.advance(N);
            Lease lease = table.acquireAfterCentralLogin("alice", "secret").orElseThrow();
            long loginAt = clock.millis();
            clock.advance(Duration.ofSeconds(5));
            table.onNewMail("alice");
            clock.advance(Duration.ofSeconds(5));
            lease.release(MailboxState.EMPTY, loginAt);
            assertThat(table.onLogin("alice", "secret"))
                    .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.NEW_MAIL_NOTIFIED));
        }

        @Test
        void aNotificationForAnUnknownUserIsReportedAsUnknown() {
            assertThat(table.onNewMail("nobody")).isFalse();
            assertThat(table.size()).isZero();
        }
    }

    @Test
    void aSessionThatLostTheCentralServerForgetsTheStateSoTheNextCheckGoesThrough() {
        Lease lease = table.acquireAfterCentralLogin("alice", "secret").orElseThrow();
        lease.releaseUnknown();
        assertThat(table.onLogin("alice", "secret"))
                .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.STATE_UNKNOWN));
    }

    @Test
    void forgettingAUserLetsTheNextCheckThrough() {
        checkWentThrough("alice", "secret", MailboxState.EMPTY);
        assertThat(table.forget("alice")).isTrue();
        assertThat(table.onLogin("alice", "secret"))
                .isEqualTo(new LoginVerdict.GoThrough(LoginVerdict.Reason.UNKNOWN_USER));
    }

    @Nested
    class OneInEveryM {
        private final AttenuationTable oneInThree =
                new AttenuationTable(new ReleasePolicy.OneInM(3), new PasswordVerifier(), clock);

        @Test
        void everyThirdCheckGoesThroughWhateverTheTime() {
            oneInThree.acquireAfterCentralLogin("bob", "pw").orElseThrow().release(MailboxState.EMPTY, clock.millis());
            StringBuilder pattern = new StringBuilder();
            for (int check = 0; check < 6; check++) {
                clock.advance(Duration.ofHours(1));
                LoginVerdict verdict = oneInThree.onLogin("bob", "pw");
                if (verdict instanceof LoginVerdict.AnswerAtEdge edge) {
                    edge.lease().releaseUnchanged();
                    pattern.append('e');
                } else {
                    oneInThree.acquireAfterCentralLogin("bob", "pw").orElseThrow().release(MailboxState.EMPTY, clock.millis());
                    pattern.append('T');
                }
            }
            assertThat(pattern).hasToString("eeTeeT");
        }
    }
}
