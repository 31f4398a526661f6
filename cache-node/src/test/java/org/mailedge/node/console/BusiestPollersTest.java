package org.mailedge.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

class BusiestPollersTest {

    private final MutableClock clock = MutableClock.atEpoch();

    @Test
    void theUsersWhoCheckMostAreListedFirstWithTheirCounts() {
        BusiestPollers pollers = new BusiestPollers(10, clock);
        for (int i = 0; i < 5; i++) {
            pollers.record("often");
        }
        pollers.record("once");
        pollers.record("twice");
        pollers.record("twice");

        assertThat(pollers.top(2)).containsExactly(new BusiestPollers.Poller("often", 5), new BusiestPollers.Poller("twice", 2));
        assertThat(pollers.checks("once")).isEqualTo(1);
    }

    @Test
    void anOverPollerStaysListedAmongTenThousandUsersWhoCheckOnce() {
        BusiestPollers pollers = new BusiestPollers(50, clock);
        for (int i = 0; i < 10_000; i++) {
            pollers.record("user" + i);
            if (i % 25 == 0) {
                pollers.record("every-few-seconds");
            }
        }
        // 400 checks among 10,400: more than checks / capacity (208), so Space-Saving must keep it;
        // its count can be too high by what it inherited, never too low
        BusiestPollers.Poller top = pollers.top(1).get(0);
        assertThat(top.user()).isEqualTo("every-few-seconds");
        assertThat(top.checks()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void aNewUserInAFullBucketTakesTheLeastCountedPlaceAndItsCount() {
        BusiestPollers pollers = new BusiestPollers(2, clock);
        pollers.record("a");
        pollers.record("a");
        pollers.record("a");
        pollers.record("b");
        pollers.record("c"); // full: c replaces b (1 check) and inherits its count, so 2

        assertThat(pollers.top(10)).containsExactly(new BusiestPollers.Poller("a", 3), new BusiestPollers.Poller("c", 2));
        pollers.record("b"); // b replaces c now, the least counted: 3
        assertThat(pollers.top(10)).containsExactly(new BusiestPollers.Poller("a", 3), new BusiestPollers.Poller("b", 3));
    }

    @Test
    void checksOlderThanAnHourAreForgottenInTenMinuteSteps() {
        BusiestPollers pollers = new BusiestPollers(10, clock);
        pollers.record("early");
        clock.advance(Duration.ofMinutes(30));
        pollers.record("later");
        clock.advance(Duration.ofMinutes(29));
        assertThat(pollers.top(10)).extracting(BusiestPollers.Poller::user).containsExactlyInAnyOrder("early", "later");

        clock.advance(Duration.ofMinutes(2)); // 61 minutes after the first check: its bucket has left the hour
        assertThat(pollers.top(10)).extracting(BusiestPollers.Poller::user).containsExactly("later");
        assertThat(pollers.checks("early")).isZero();
    }
}
