package org.mailedge.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

class LoginPenaltyTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final LoginPenalty penalty = LoginPenalty.standard(clock);

    @Test
    void failuresWaitTwoFourEightThenFifteenSecondsAtMost() {
        assertThat(penalty.onFailure("192.0.2.1", "alice")).isEqualTo(Duration.ofSeconds(2));
        assertThat(penalty.onFailure("192.0.2.1", "alice")).isEqualTo(Duration.ofSeconds(4));
        assertThat(penalty.onFailure("192.0.2.1", "alice")).isEqualTo(Duration.ofSeconds(8));
        assertThat(penalty.onFailure("192.0.2.1", "alice")).isEqualTo(Duration.ofSeconds(15));
        assertThat(penalty.onFailure("192.0.2.1", "alice")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anAddressGuessingManyUsersIsSlowedDownByItsOwnCount() {
        penalty.onFailure("192.0.2.1", "alice");
        penalty.onFailure("192.0.2.1", "bob");
        assertThat(penalty.onFailure("192.0.2.1", "carol")).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void manyAddressesGuessingOneUserAreSlowedDownByTheUsersCount() {
        penalty.onFailure("192.0.2.1", "alice");
        penalty.onFailure("192.0.2.2", "alice");
        assertThat(penalty.onFailure("192.0.2.3", "alice")).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aCorrectPasswordClearsTheUsersCount() {
        penalty.onFailure("192.0.2.1", "alice");
        penalty.onSuccess("alice");
        assertThat(penalty.onFailure("192.0.2.2", "alice")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void countsAreForgottenAfterQuiet() {
        penalty.onFailure("192.0.2.1", "alice");
        penalty.onFailure("192.0.2.1", "alice");
        clock.advance(Duration.ofMinutes(15));
        assertThat(penalty.onFailure("192.0.2.1", "alice")).isEqualTo(Duration.ofSeconds(2));
    }
}
