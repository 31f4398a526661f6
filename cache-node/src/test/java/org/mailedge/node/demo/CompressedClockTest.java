package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

/** Virtual time = start + real elapsed * scale, checked on a base clock moved by hand. */
class CompressedClockTest {

    private final MutableClock base = MutableClock.atEpoch();
    private final Instant start = base.instant();

    @Test
    void startsAtTheBaseClocksInstant() {
        CompressedClock clock = new CompressedClock(base, 120);

        assertThat(clock.instant()).isEqualTo(start);
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void oneRealSecondIsTwoVirtualMinutesAtScale120() {
        CompressedClock clock = new CompressedClock(base, 120);

        base.advance(Duration.ofSeconds(1));

        assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(2)));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(2));
        assertThat(clock.realElapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRealMinuteIsTwoVirtualHoursAndEveryMillisecondCounts() {
        CompressedClock clock = new CompressedClock(base, 120);

        base.advance(Duration.ofSeconds(60));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(2));

        base.advance(Duration.ofMillis(1));
        assertThat(clock.millis()).isEqualTo(start.plus(Duration.ofHours(2)).toEpochMilli() + 120);
    }

    @Test
    void fractionalScalesSlowTimeDown() {
        CompressedClock clock = new CompressedClock(base, 0.5);

        base.advance(Duration.ofSeconds(10));

        assertThat(clock.instant()).isEqualTo(start.plusSeconds(5));
    }

    @Test
    void convertsSpansBothWays() {
        CompressedClock clock = new CompressedClock(base, 120);

        assertThat(clock.toReal(Duration.ofMinutes(15))).isEqualTo(Duration.ofMillis(7_500));
        assertThat(clock.toVirtual(Duration.ofMillis(250))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anotherZoneShowsTheSameTimeLine() {
        CompressedClock clock = new CompressedClock(base, 120);
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));

        base.advance(Duration.ofSeconds(3));

        assertThat(paris.instant()).isEqualTo(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(6)));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void refusesScalesThatStopOrReverseTime() {
        assertThatThrownBy(() -> new CompressedClock(base, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompressedClock(base, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompressedClock(base, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompressedClock(base, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMonotonicBaseNeverRunsBackwards() {
        CompressedClock clock = CompressedClock.startingNow(1000);
        Instant previous = clock.instant();
        for (int i = 0; i < 10_000; i++) {
            Instant now = clock.instant();
            assertThat(now).isAfterOrEqualTo(previous);
            previous = now;
        }
    }
}
