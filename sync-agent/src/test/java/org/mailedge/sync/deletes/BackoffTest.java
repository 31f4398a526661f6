package org.mailedge.sync.deletes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theFirstRetryIsThirtySecondsAfterTheFirstFailure() {
        assertThat(Backoff.delayAfterFailure(0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void eachFurtherFailureDoublesTheDelay() {
        assertThat(Backoff.delayAfterFailure(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Backoff.delayAfterFailure(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Backoff.delayAfterFailure(6)).isEqualTo(Duration.ofMinutes(32));
    }

    @Test
    void theDelayIsCappedAtOneHour() {
        assertThat(Backoff.delayAfterFailure(7)).isEqualTo(Duration.ofHours(1));
        assertThat(Backoff.delayAfterFailure(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aNegativeCountIsRejected() {
        assertThatThrownBy(() -> Backoff.delayAfterFailure(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
