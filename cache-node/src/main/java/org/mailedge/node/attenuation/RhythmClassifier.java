package org.mailedge.node.attenuation;

/**
 * The seed's periodicity test: tells automated polling from a person checking by hand by how
 * regular the intervals between the rapid checks are.
 *
 * <p>The measure is the coefficient of variation (CV = standard deviation / mean) of the
 * trailing run of rapid intervals, those no longer than the fast-check window, up to the
 * four the entry keeps. It is scale-free, so one threshold serves a client that polls every
 * 2 s and one that polls every 20 s. Intervals before the run (the user's ordinary polling,
 * a night's pause) are left out: they say nothing about who makes the rapid checks, and a long
 * gap in the sample would make any poll timer look irregular.
 *
 * <p>Why {@value #DEFAULT_METRONOMIC_BELOW} by default: a poll timer repeats its interval to within the
 * time a check takes and the network's jitter, tens to a few hundred milliseconds, so for
 * intervals of 5 s and more its CV stays below about 0.05 (the 100 ms resolution of the
 * history adds at most 0.02 at 5 s). A person's clicks are far less regular: for intervals
 * drawn independently from an exponential distribution the CV of a pair is below 0.1 only
 * one time in ten, and for three or four intervals less often still. A person misjudged as
 * metronomic merely waits for the time rule, as everyone without fast check does; a script
 * misjudged as a person gets one reward per lockout. The threshold therefore leans towards
 * rewarding nobody by mistake only within the measured spread of timers.
 *
 * @param metronomicBelow CV under which the run is metronomic; 0 rewards every burst
 */
public record RhythmClassifier(double metronomicBelow) {

    public static final double DEFAULT_METRONOMIC_BELOW = 0.1;

    public static final RhythmClassifier DEFAULT = new RhythmClassifier(DEFAULT_METRONOMIC_BELOW);

    public RhythmClassifier {
        if (!(metronomicBelow >= 0 && metronomicBelow <= 1)) {
            throw new IllegalArgumentException("metronomicBelow must be within 0-1: " + metronomicBelow);
        }
    }

    /**
     * Classifies intervals in milliseconds. With fewer than two intervals nothing is regular
     * or not: {@link Rhythm#IRREGULAR}, the benefit of the doubt.
     */
    public Rhythm classify(long... intervalsMillis) {
        if (intervalsMillis.length < 2) {
            return Rhythm.IRREGULAR;
        }
        double mean = 0;
        for (long i : intervalsMillis) {
            mean += i;
        }
        mean /= intervalsMillis.length;
        if (mean <= 0) {
            // checks in the same instant over and over: no person clicks like that
            return Rhythm.METRONOMIC;
        }
        double squares = 0;
        for (long i : intervalsMillis) {
            squares += (i - mean) * (i - mean);
        }
        double cv = Math.sqrt(squares / intervalsMillis.length) / mean;
        return cv < metronomicBelow ? Rhythm.METRONOMIC : Rhythm.IRREGULAR;
    }

    /** Classifies the trailing run of intervals no longer than {@code windowMillis} in a packed history. */
    Rhythm classifyRapidRun(long history, long windowMillis) {
        int count = CheckHistory.count(history);
        int run = 0;
        while (run < count && CheckHistory.intervalMillis(history, run) <= windowMillis) {
            run++;
        }
        long[] intervals = new long[run];
        for (int i = 0; i < run; i++) {
            intervals[i] = CheckHistory.intervalMillis(history, i);
        }
        return classify(intervals);
    }
}
