package org.mailedge.node.demo;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How one simulated mail client polls: how long it waits between checks (virtual time, from
 * the end of one check to the start of the next, as a client's poll timer does) and what it
 * does with the mail it finds.
 *
 * @param label     short name for the report's population line
 * @param keeping   whether the client deletes what it downloads
 * @param interval  the fixed interval, or the mean of an exponential one
 * @param irregular true for exponential intervals (a person pressing "check mail", a client
 *                  woken by other activity), false for a fixed poll timer
 */
record PollingProfile(String label, Keeping keeping, Duration interval, boolean irregular) {

    /** What the client does after UIDL. */
    enum Keeping {
        /** RETR and DELE every listed message, then QUIT: the classic POP3 client. */
        DOWNLOAD_AND_DELETE,
        /** RETR only UIDs it has not seen before, never DELE: "leave a copy on the server". */
        LEAVE_ON_SERVER
    }

    PollingProfile {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    static PollingProfile metronomic(Duration interval) {
        return new PollingProfile("every " + HumanDuration.format(interval), Keeping.DOWNLOAD_AND_DELETE, interval, false);
    }

    static PollingProfile irregular(Duration mean) {
        return new PollingProfile("irregular", Keeping.DOWNLOAD_AND_DELETE, mean, true);
    }

    static PollingProfile leaveOnServer(Duration interval) {
        return new PollingProfile("leave-on-server", Keeping.LEAVE_ON_SERVER, interval, false);
    }

    /**
     * Chance that a leave-on-server client downloads every listed message again on a check,
     * as a reinstalled client or a user's "download all again" does. It is what puts a
     * message deleted at the central server, but still in the edge's last known listing, to
     * the test: the edge must refuse it, never serve its cached copy.
     */
    static final double DOWNLOAD_AGAIN_CHANCE = 0.05;

    /** Whether this check downloads everything listed again; only leave-on-server clients ever do. */
    boolean downloadsAgain(SplittableRandom random) {
        return keeping == Keeping.LEAVE_ON_SERVER && random.nextDouble() < DOWNLOAD_AGAIN_CHANCE;
    }

    /** The virtual wait before the next check. */
    Duration nextInterval(SplittableRandom random) {
        if (!irregular) {
            return interval;
        }
        // inverse transform sampling; 1 - u is in (0, 1], so the logarithm is finite
        double exponential = -Math.log(1 - random.nextDouble());
        return Duration.ofMillis(Math.max(1, Math.round(interval.toMillis() * exponential)));
    }

    /** When the first check happens: spread over one interval, so the clients do not start in step. */
    Duration firstCheckAfter(SplittableRandom random) {
        return Duration.ofMillis(random.nextLong(interval.toMillis()));
    }
}
