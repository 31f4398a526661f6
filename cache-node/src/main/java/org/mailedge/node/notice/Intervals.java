package org.mailedge.node.notice;

import java.time.Duration;

/** Durations as a subscriber reads them: {@code 15 minutes}, {@code 1 hour}, {@code 1 day}. */
final class Intervals {

    private Intervals() {
    }

    static String words(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return count(d.toDays(), "day");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return count(d.toHours(), "hour");
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return count(d.toMinutes(), "minute");
        }
        return count(d.toSeconds(), "second");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
