package org.mailedge.sync.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How the prefetch scheduler runs. Validated once when built.
 *
 * @param instanceName           Quartz scheduler name; nodes of one cluster must use the same one,
 *                               and it names the rows in the {@code QRTZ_} tables
 * @param clustered              true when several nodes share one store (PostgreSQL) and each
 *                               scheduled run must fire on only one of them
 * @param threadCount            Quartz worker threads, 1..16: one for the nightly/all-users run, one
 *                               for a one-user run requested meanwhile
 * @param driverDelegateClass    Quartz's SQL dialect; empty = chosen from the database:
 *                               {@code StdJDBCDelegate} for H2 (what Quartz's {@code tables_h2.sql}
 *                               prescribes), {@code PostgreSQLDelegate} for PostgreSQL
 *                               ({@code tables_postgres.sql}; it reads BYTEA columns)
 * @param clusterCheckinInterval how often a clustered node checks in; a node silent for longer is
 *                               presumed dead and its runs are no longer considered running
 * @param timeZone               the zone cron expressions are read in
 * @param defaultMaxDuration     the window of a run requested with "run now" while no schedule is set
 */
public record SchedulerConfig(String instanceName, boolean clustered, int threadCount,
                              Optional<String> driverDelegateClass, Duration clusterCheckinInterval,
                              ZoneId timeZone, Duration defaultMaxDuration) {

    public static final String DEFAULT_INSTANCE_NAME = "mailedge";
    public static final int DEFAULT_THREAD_COUNT = 2;
    public static final int MAX_THREAD_COUNT = 16;
    public static final Duration DEFAULT_CLUSTER_CHECKIN_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(4);

    public SchedulerConfig {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(driverDelegateClass, "driverDelegateClass");
        Objects.requireNonNull(clusterCheckinInterval, "clusterCheckinInterval");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(defaultMaxDuration, "defaultMaxDuration");
        if (instanceName.isBlank() || instanceName.length() > 120) {
            // QRTZ_*.SCHED_NAME is VARCHAR(120).
            throw new IllegalArgumentException("instanceName must be 1..120 chars, was \"" + instanceName + "\"");
        }
        if (threadCount < 1 || threadCount > MAX_THREAD_COUNT) {
            throw new IllegalArgumentException("threadCount must be 1.." + MAX_THREAD_COUNT + ", was " + threadCount);
        }
        if (clusterCheckinInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("clusterCheckinInterval must be >= 1 s, was " + clusterCheckinInterval);
        }
        if (defaultMaxDuration.isNegative() || defaultMaxDuration.isZero()) {
            throw new IllegalArgumentException("defaultMaxDuration must be > 0, was " + defaultMaxDuration);
        }
        driverDelegateClass.ifPresent(name -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException("driverDelegateClass must not be blank when set");
            }
        });
    }

    /** Not clustered, 2 threads, delegate chosen from the database, the system zone, 4 h for "run now". */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(DEFAULT_INSTANCE_NAME, false, DEFAULT_THREAD_COUNT, Optional.empty(),
                DEFAULT_CLUSTER_CHECKIN_INTERVAL, ZoneId.systemDefault(), DEFAULT_MAX_DURATION);
    }

    public SchedulerConfig withTimeZone(ZoneId zone) {
        return new SchedulerConfig(instanceName, clustered, threadCount, driverDelegateClass, clusterCheckinInterval,
                zone, defaultMaxDuration);
    }

    public SchedulerConfig withClustered(boolean newClustered) {
        return new SchedulerConfig(instanceName, newClustered, threadCount, driverDelegateClass,
                clusterCheckinInterval, timeZone, defaultMaxDuration);
    }
}
