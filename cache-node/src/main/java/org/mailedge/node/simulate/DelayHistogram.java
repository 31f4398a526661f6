package org.mailedge.node.simulate;

/**
 * New-mail visibility delays: exact count, mean and maximum, and percentiles from buckets of
 * one second below an hour and one minute above (up to four days; longer delays go to the last
 * bucket), so a percentile is exact to the second where delays are short and to the minute
 * where only the order of magnitude matters. 6,480 counters, whatever the number of messages.
 */
final class DelayHistogram {

    private static final int FINE = 3600;
    private static final int COARSE = 4 * 24 * 60 - 60;
    private final long[] buckets = new long[FINE + COARSE];
    private long count;
    private long sumMillis;
    private long maxMillis;

    void add(long delayMillis) {
        long seconds = delayMillis / 1000;
        int bucket = seconds < FINE ? (int) seconds : (int) Math.min(FINE + COARSE - 1, FINE + (seconds - FINE) / 60);
        buckets[bucket]++;
        count++;
        sumMillis += delayMillis;
        maxMillis = Math.max(maxMillis, delayMillis);
    }

    long count() {
        return count;
    }

    double meanSeconds() {
        return count == 0 ? 0 : sumMillis / 1000.0 / count;
    }

    double maxSeconds() {
        return maxMillis / 1000.0;
    }

    /** The upper edge of the bucket holding the {@code q}-quantile, in seconds, at most the maximum. */
    double percentileSeconds(double q) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                double upper = i < FINE ? i + 1 : FINE + (i - FINE + 1) * 60.0;
                return Math.min(upper, maxSeconds());
            }
        }
        return maxSeconds();
    }
}
