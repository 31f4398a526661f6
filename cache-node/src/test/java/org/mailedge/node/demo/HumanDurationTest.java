package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanDurationTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "2m, PT2M", "1m30s, PT1M30S", "500ms, PT0.5S", "1h, PT1H", "45, PT45S", "PT20S, PT20S", " 10S , PT10S"})
    void readsWhatPeopleType(String text, String expected) {
        assertThat(HumanDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10x", "ten seconds", "-5s", "1.5m"})
    void refusesAnythingElseNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> HumanDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30s");
    }

    @ParameterizedTest
    @CsvSource({"PT7.5S, 7.5 s", "PT45S, 45 s", "PT15M, 15 min", "PT2M5S, 2 min 05 s", "PT2H, 2 h", "PT1H3M, 1 h 03 min"})
    void printsLargestUnitsFirst(String duration, String expected) {
        assertThat(HumanDuration.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
