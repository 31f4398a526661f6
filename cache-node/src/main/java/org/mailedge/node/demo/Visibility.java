package org.mailedge.node.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How soon new mail became visible to its subscriber, in virtual time: for each delivered
 * message, from the return of its delivery to the central server to the first check of its
 * subscriber that listed it. This is the price of attenuation that design.md bounds:
 * notification + one poll, or the time rule's interval + one poll without a notification.
 *
 * @param delivered messages whose delivery returned
 * @param delays    the delay of each message that some check listed, ascending
 */
public record Visibility(long delivered, List<Duration> delays) {

    public Visibility {
        List<Duration> sorted = new ArrayList<>(delays);
        sorted.sort(null);
        delays = List.copyOf(sorted);
    }

    /** Messages that a check listed before the run ended. */
    public long listed() {
        return delays.size();
    }

    public Optional<Duration> mean() {
        if (delays.isEmpty()) {
            return Optional.empty();
        }
        long totalMillis = 0;
        for (Duration d : delays) {
            totalMillis += d.toMillis();
        }
        return Optional.of(Duration.ofMillis(totalMillis / delays.size()));
    }

    /** Nearest-rank percentile, {@code p} in 1..100. */
    public Optional<Duration> percentile(int p) {
        if (p < 1 || p > 100) {
            throw new IllegalArgumentException("percentile must be 1 to 100: " + p);
        }
        if (delays.isEmpty()) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(p / 100.0 * delays.size());
        return Optional.of(delays.get(rank - 1));
    }

    public Optional<Duration> max() {
        return delays.isEmpty() ? Optional.empty() : Optional.of(delays.get(delays.size() - 1));
    }
}
