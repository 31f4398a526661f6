package org.mailedge.node.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks answered at the edge and passed to the central server, per minute over the last
 * hour, for the console's chart. It samples the two counters instead of being told of every
 * check, so the POP3 path pays nothing; {@link #sample()} runs a few times a minute, and the
 * minute a sample falls in takes what was counted since the one before.
 */
public final class TrafficHistory {

    public static final int MINUTES = 60;
    private static final long MINUTE_MILLIS = 60_000;

    private final LongAdder answeredAtEdge;
    private final LongAdder passedThrough;
    private final Clock clock;
    /** Per minute slot (minute number modulo 60): which minute it holds and its two counts. */
    private final long[] minuteOf = new long[MINUTES];
    private final long[] edge = new long[MINUTES];
    private final long[] central = new long[MINUTES];
    private long lastEdge;
    private long lastCentral;

    public TrafficHistory(LongAdder answeredAtEdge, LongAdder passedThrough, Clock clock) {
        this.answeredAtEdge = answeredAtEdge;
        this.passedThrough = passedThrough;
        this.clock = clock;
        Arrays.fill(minuteOf, -1);
        lastEdge = answeredAtEdge.sum();
        lastCentral = passedThrough.sum();
    }

    /** Books what was counted since the last sample to the current minute. */
    public synchronized void sample() {
        long minute = clock.millis() / MINUTE_MILLIS;
        int slot = (int) (minute % MINUTES);
        if (minuteOf[slot] != minute) {
            minuteOf[slot] = minute;
            edge[slot] = 0;
            central[slot] = 0;
        }
        long e = answeredAtEdge.sum();
        long c = passedThrough.sum();
        edge[slot] += e - lastEdge;
        central[slot] += c - lastCentral;
        lastEdge = e;
        lastCentral = c;
    }

    /** The last 60 minutes, oldest first, the current (partial) minute last; minutes without a sample count 0. */
    public synchronized List<Minute> lastHour() {
        sample();
        long now = clock.millis() / MINUTE_MILLIS;
        List<Minute> out = new ArrayList<>(MINUTES);
        for (long minute = now - MINUTES + 1; minute <= now; minute++) {
            int slot = (int) (minute % MINUTES);
            boolean held = minuteOf[slot] == minute;
            out.add(new Minute(Instant.ofEpochMilli(minute * MINUTE_MILLIS), held ? edge[slot] : 0, held ? central[slot] : 0));
        }
        return out;
    }

    public record Minute(Instant minute, long answeredAtEdge, long passedThrough) {}
}
