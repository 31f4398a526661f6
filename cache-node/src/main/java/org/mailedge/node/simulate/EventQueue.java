package org.mailedge.node.simulate;

import java.util.Arrays;

/**
 * The discrete-event simulation's agenda: a binary min-heap of (time, event) pairs in two
 * primitive arrays, so that a million pending polls cost 12 bytes each and no objects. Events
 * at the same time come out in the order of their codes, so a user's events come out in the
 * same order whether the queue holds one user's events or everybody's.
 */
final class EventQueue {

    private long[] times = new long[1024];
    private int[] events = new int[1024];
    private int size;

    void add(long time, int event) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            events = Arrays.copyOf(events, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (before(times[parent], events[parent], time, event)) {
                break;
            }
            times[i] = times[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = time;
        events[i] = event;
    }

    private static boolean before(long t1, int e1, long t2, int e2) {
        return t1 < t2 || (t1 == t2 && e1 <= e2);
    }

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Time of the earliest event; the queue must not be empty. */
    long peekTime() {
        return times[0];
    }

    /** Removes the earliest event and returns it; read its time with {@link #peekTime} first. */
    int poll() {
        int top = events[0];
        size--;
        if (size > 0) {
            long time = times[size];
            int event = events[size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < size && before(times[right], events[right], times[child], events[child])) {
                    child = right;
                }
                if (before(time, event, times[child], events[child])) {
                    break;
                }
                times[i] = times[child];
                events[i] = events[child];
                i = child;
            }
            times[i] = time;
            events[i] = event;
        }
        return top;
    }
}
