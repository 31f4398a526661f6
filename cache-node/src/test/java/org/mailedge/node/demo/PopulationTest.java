package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PopulationTest {

    @Test
    void theSameSeedGivesTheSamePopulation() {
        assertThat(Population.of(200, 7).subscribers()).isEqualTo(Population.of(200, 7).subscribers());
    }

    @Test
    void anotherSeedGivesAnotherOne() {
        assertThat(Population.of(200, 7).subscribers()).isNotEqualTo(Population.of(200, 8).subscribers());
    }

    @Test
    void sharesAreExactAndOverPollersDominate() {
        Population p = Population.of(200, 1);

        assertThat(p.mix()).containsExactly(
                entry("every 30 s", 60), entry("every 1 min", 50), entry("every 2 min", 20), entry("every 5 min", 10),
                entry("irregular", 30), entry("leave-on-server", 30));
    }

    @Test
    void namesAndPasswordsFollowTheDocumentedPattern() {
        Subscriber first = Population.of(3, 1).subscribers().get(0);

        assertThat(first.login()).isEqualTo("sub0001");
        assertThat(first.password()).isEqualTo("pw-sub0001");
        assertThat(first.notificationAddress()).isEqualTo("sub0001@edge.demo");
    }

    @Test
    void intervalsStayInTheirProfilesRanges() {
        for (Subscriber s : Population.of(500, 3).subscribers()) {
            PollingProfile profile = s.profile();
            assertThat(profile.interval()).isBetween(Duration.ofSeconds(30), Duration.ofMinutes(5));
            if (profile.keeping() == PollingProfile.Keeping.LEAVE_ON_SERVER) {
                assertThat(profile.interval()).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
            }
        }
    }

    @Test
    void everyCountFromOneUpIsFilled() {
        for (int n = 1; n <= 30; n++) {
            assertThat(Population.of(n, 1).size()).isEqualTo(n);
        }
    }

    private static java.util.Map.Entry<String, Integer> entry(String k, int v) {
        return java.util.Map.entry(k, v);
    }
}
