package org.mailedge.sync.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * The nightly prefetch schedule as stored in the job store.
 *
 * @param cron             the Quartz cron expression (seconds first), e.g. {@code 0 0 2 * * ?}
 * @param maxDuration      the window of each run
 * @param timeZone         the zone the cron expression is read in
 * @param paused           paused runs do not fire; while paused, missed slots are skipped
 * @param nextFireTime     the next slot (also shown while paused: the one after resuming, unless
 *                         it has passed by then)
 * @param previousFireTime the last time the schedule fired, if ever
 */
public record ScheduleView(String cron, Duration maxDuration, ZoneId timeZone, boolean paused,
                           Optional<Instant> nextFireTime, Optional<Instant> previousFireTime) {

    public ScheduleView {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(nextFireTime, "nextFireTime");
        Objects.requireNonNull(previousFireTime, "previousFireTime");
    }
}
