package org.mailedge.sync.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.mailedge.sync.testsupport.AdvancingSleeper;
import org.mailedge.sync.testsupport.FakeClock;
import org.junit.jupiter.api.Test;

/** Token-bucket arithmetic on a fake clock: nothing here sleeps. */
class RateLimiterTest {

    private final FakeClock clock = new FakeClock();
    private final AdvancingSleeper sleeper = new AdvancingSleeper(clock);

    @Test
    void aFullBucketLetsOneSecondsWorthThroughWithoutWaiting() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(1000, clock, sleeper);

        limiter.acquire(600);
        limiter.acquire(400);

        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(limiter.waitTime()).isZero();
    }

    @Test
    void debtIsPaidByWaitingItsShareOfASecond() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(1000, clock, sleeper);

        limiter.charge(1500);

        assertThat(limiter.waitTime()).isEqualTo(Duration.ofMillis(500));
        limiter.awaitCredit();
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(500));
        assertThat(limiter.waitTime()).isZero();
    }

    @Test
    void aChargeLargerThanTheBucketIsAllowedAndTheNextCallerPaysForIt() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(100, clock, sleeper);

        limiter.acquire(1000);
        assertThat(sleeper.sleeps()).isEmpty();

        limiter.awaitCredit();
        assertThat(sleeper.total()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void acquireWaitsUntilTheBucketHoldsThePermits() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(10, clock, sleeper);

        for (int i = 0; i < 10; i++) {
            limiter.acquire(1);
        }
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(limiter.waitTime(1)).isEqualTo(Duration.ofMillis(100));

        limiter.acquire(1);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void theRateHoldsOverManyAcquisitions() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(100, clock, sleeper);
        Instant start = clock.instant();

        for (int i = 0; i < 100; i++) {
            limiter.acquire(10);
        }

        // 1000 permits at 100/s: the first 100 are the initial burst, the other 900 take 9 s.
        assertThat(sleeper.total()).isEqualTo(Duration.ofSeconds(9));
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void idleTimeRefillsTheBucketButOnlyUpToOneSecondsWorth() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(1000, clock, sleeper);
        limiter.charge(1000);

        clock.advance(Duration.ofSeconds(10));
        limiter.charge(2000);

        assertThat(limiter.waitTime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void partialRefillIsProportionalToElapsedTime() {
        RateLimiter limiter = RateLimiter.perSecond(1000, clock, sleeper);
        limiter.charge(2000);

        clock.advance(Duration.ofMillis(250));

        assertThat(limiter.waitTime()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void aClockSteppingBackwardsMintsNoPermits() {
        RateLimiter limiter = RateLimiter.perSecond(1000, clock, sleeper);
        limiter.charge(2000);
        clock.advance(Duration.ofSeconds(-30));

        assertThat(limiter.waitTime()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.waitTime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnlimitedLimiterNeverWaits() throws Exception {
        RateLimiter limiter = RateLimiter.perSecondOrUnlimited(0, clock, sleeper);

        limiter.acquire(Long.MAX_VALUE / 2);
        limiter.acquire(Long.MAX_VALUE / 2);

        assertThat(limiter.isUnlimited()).isTrue();
        assertThat(limiter.waitTime()).isZero();
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void aNonPositiveRateIsRejected() {
        assertThatThrownBy(() -> RateLimiter.perSecond(0, clock, sleeper))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratePerSecond");
        assertThatThrownBy(() -> RateLimiter.perSecond(-5, clock, sleeper))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativePermitsAreRejected() {
        RateLimiter limiter = RateLimiter.perSecond(10, clock, sleeper);

        assertThatThrownBy(() -> limiter.charge(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
