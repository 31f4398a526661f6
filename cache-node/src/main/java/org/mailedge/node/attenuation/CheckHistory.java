package org.mailedge.node.attenuation;

/**
 * The intervals between a user's last few checks, packed into one {@code long} so that the
 * fast check costs the attenuation table eight bytes per user (a million users: 8 MB) and no
 * object.
 *
 * <p>Layout: four 15-bit slots (bits 0-59), slot 0 the most recent interval, in units of
 * {@value #UNIT_MILLIS} ms, capped at {@value #MAX_UNITS} units (about 54 minutes: longer
 * intervals are all "long" to the fast check); bits 60-62 the number of valid slots (0-4).
 * 100 ms is fine enough to measure the jitter of a client that polls every few seconds.
 */
final class CheckHistory {

    /** Intervals kept: enough for k = 5 checks in the window, and for the classifier. */
    static final int SLOTS = 4;
    static final long UNIT_MILLIS = 100;
    static final int MAX_UNITS = (1 << 15) - 1;
    static final long EMPTY = 0L;

    private static final int SLOT_BITS = 15;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final long SLOTS_MASK = (1L << (SLOT_BITS * SLOTS)) - 1;
    private static final int COUNT_SHIFT = SLOT_BITS * SLOTS;

    private CheckHistory() {
    }

    /** The history with {@code intervalMillis} as its most recent interval; the oldest falls out. */
    static long append(long history, long intervalMillis) {
        long units = Math.min(MAX_UNITS, Math.max(0, intervalMillis) / UNIT_MILLIS);
        long slots = ((history & SLOTS_MASK) << SLOT_BITS) & SLOTS_MASK | units;
        long count = Math.min(SLOTS, count(history) + 1);
        return slots | (count << COUNT_SHIFT);
    }

    static int count(long history) {
        return (int) ((history >>> COUNT_SHIFT) & 0x7);
    }

    /** The {@code i}-th most recent interval in milliseconds (i = 0 the last); {@code i < count}. */
    static long intervalMillis(long history, int i) {
        return ((history >>> (SLOT_BITS * i)) & SLOT_MASK) * UNIT_MILLIS;
    }

    /** Sum of the {@code n} most recent intervals in milliseconds; {@code n <= count}. */
    static long sumOfLast(long history, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += intervalMillis(history, i);
        }
        return sum;
    }
}
