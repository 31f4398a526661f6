package org.mailedge.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.MutableClock;

class TrafficHistoryTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final LongAdder edge = new LongAdder();
    private final LongAdder central = new LongAdder();
    /** The clock starts on a minute. */
    private final Instant start = clock.instant();

    @Test
    void eachMinuteShowsWhatWasCountedInIt() {
        edge.add(100); // counted before the history started: not part of any minute
        TrafficHistory history = new TrafficHistory(edge, central, clock);
        edge.add(3);
        central.add(1);
        history.sample();
        clock.advance(Duration.ofMinutes(1));
        edge.add(5);
        history.sample();
        clock.advance(Duration.ofSeconds(30));
        central.add(2); // the current minute, not yet sampled: lastHour() includes it

        List<TrafficHistory.Minute> hour = history.lastHour();
        assertThat(hour).hasSize(60);
        assertThat(hour.get(59)).isEqualTo(new TrafficHistory.Minute(start.plusSeconds(60), 5, 2));
        assertThat(hour.get(58)).isEqualTo(new TrafficHistory.Minute(start, 3, 1));
        assertThat(hour.subList(0, 58)).allMatch(m -> m.answeredAtEdge() == 0 && m.passedThrough() == 0);
    }

    @Test
    void minutesOlderThanAnHourLeaveTheChartAndSlotsAreReused() {
        TrafficHistory history = new TrafficHistory(edge, central, clock);
        edge.add(7);
        history.sample();
        clock.advance(Duration.ofMinutes(60));
        edge.add(1);

        List<TrafficHistory.Minute> hour = history.lastHour();
        assertThat(hour.get(0).minute()).isEqualTo(start.plusSeconds(60));
        assertThat(hour.stream().mapToLong(TrafficHistory.Minute::answeredAtEdge).sum())
                .as("minute 0's seven checks fell out; minute 60 reuses its slot with one").isEqualTo(1);
        assertThat(hour.get(59).answeredAtEdge()).isEqualTo(1);
    }
}
