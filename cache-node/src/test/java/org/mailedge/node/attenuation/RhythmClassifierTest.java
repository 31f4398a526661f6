package org.mailedge.node.attenuation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The periodicity test that tells a poll timer from a person, and the packed history it reads. */
class RhythmClassifierTest {

    private final RhythmClassifier classifier = RhythmClassifier.DEFAULT;

    @Test
    void aPollTimerWithNetworkJitterIsMetronomic() {
        assertThat(classifier.classify(5_000, 5_100, 4_950, 5_020)).isEqualTo(Rhythm.METRONOMIC);
    }

    @Test
    void aPersonsClicksAreIrregular() {
        assertThat(classifier.classify(4_000, 11_000, 7_000)).isEqualTo(Rhythm.IRREGULAR);
    }

    @Test
    void theThresholdIsScaleFree() {
        assertThat(classifier.classify(50_000, 51_000, 49_500, 50_200)).isEqualTo(Rhythm.METRONOMIC);
        assertThat(classifier.classify(400, 1_100, 700)).isEqualTo(Rhythm.IRREGULAR);
    }

    @Test
    void twoIntervalsWithinAboutTwentyPercentOfEachOtherAreMetronomic() {
        // for a pair, CV = |a - b| / (a + b): below 0.1 when they differ by less than 2/9 of the shorter
        assertThat(classifier.classify(9_000, 10_900)).isEqualTo(Rhythm.METRONOMIC);
        assertThat(classifier.classify(9_000, 11_100)).isEqualTo(Rhythm.IRREGULAR);
    }

    @Test
    void fewerThanTwoIntervalsGetTheBenefitOfTheDoubt() {
        assertThat(classifier.classify(5_000)).isEqualTo(Rhythm.IRREGULAR);
        assertThat(classifier.classify()).isEqualTo(Rhythm.IRREGULAR);
    }

    @Test
    void aThresholdOfZeroCallsNothingMetronomicThatVariesAtAll() {
        assertThat(new RhythmClassifier(0).classify(5_000, 5_000, 5_000)).isEqualTo(Rhythm.IRREGULAR);
    }

    @Test
    void onlyTheTrailingRunOfRapidIntervalsIsClassified() {
        long history = CheckHistory.EMPTY;
        for (long interval : new long[] {600_000, 5_000, 5_000, 5_000}) {
            history = CheckHistory.append(history, interval);
        }
        // with the ten-minute gap in the sample the CV would be high; the timer is still a timer
        assertThat(classifier.classifyRapidRun(history, 30_000)).isEqualTo(Rhythm.METRONOMIC);
    }

    @Test
    void theHistoryKeepsTheLastFourIntervalsAndCapsLongOnes() {
        long history = CheckHistory.EMPTY;
        for (long interval : new long[] {1_000, 2_000, 3_000, 4_000, 7_200_000}) {
            history = CheckHistory.append(history, interval);
        }
        assertThat(CheckHistory.count(history)).isEqualTo(4);
        assertThat(CheckHistory.intervalMillis(history, 0)).isEqualTo(CheckHistory.MAX_UNITS * CheckHistory.UNIT_MILLIS);
        assertThat(CheckHistory.intervalMillis(history, 1)).isEqualTo(4_000);
        assertThat(CheckHistory.intervalMillis(history, 3)).isEqualTo(2_000);
        assertThat(CheckHistory.sumOfLast(history, 3)).isEqualTo(3_276_700 + 4_000 + 3_000);
    }
}
