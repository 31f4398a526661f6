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

    /** As in "once a day", "once every 7 days". */
    static String once(Duration d) {
        if (d.equals(Duration.ofDays(1))) {
            return "once a day";
        }
        if (d.equals(Duration.ofHours(1))) {
            return "once an hour";
        }
        return "once every " + words(d);
    }

    /** A crontab line's time fields that run a job every {@code d}, to the minute (whole hours above 59 minutes). */
    static String cron(Duration d) {
        long minutes = Math.max(1, d.toMinutes());
        if (minutes < 60) {
            return "*/" + minutes + " * * * *";
        }
        long hours = Math.min(23, Math.max(1, (minutes + 59) / 60));
        return "0 */" + hours + " * * *";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
