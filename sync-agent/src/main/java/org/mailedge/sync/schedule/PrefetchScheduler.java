package org.mailedge.sync.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.DataSource;
import org.mailedge.db.EdgeStore;
import org.mailedge.sync.prefetch.PrefetchProgress;
import org.mailedge.sync.prefetch.Prefetcher;
import org.mailedge.sync.prefetch.Rates;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrators' view of prefetch: the nightly schedule, pause/resume, "run now" and
 * progress. Everything is kept in Quartz's JDBC job store ({@link JobStoreTX}) inside the
 * node's store, whose {@code QRTZ_} tables Flyway creates; a schedule therefore survives a
 * restart, and nodes sharing a PostgreSQL store with {@link SchedulerConfig#clustered()} run
 * each slot once across the cluster.
 *
 * <h2>Misfires</h2>
 * The cron trigger uses {@link CronTrigger#MISFIRE_INSTRUCTION_DO_NOTHING}: a slot missed
 * because the node was down, the schedule was paused, or the previous run was still going is
 * skipped, and the trigger waits for the next slot. The alternative, "fire once now", would
 * start a full prefetch at whatever time the node comes back, typically in the morning peak
 * that the off-peak window exists to avoid, and, across a fleet restarted together, all at
 * once. A missed night costs only cache warmth: the UID handshake serves users from the
 * central server meanwhile. A slot counts as missed when it is more than Quartz's misfire
 * threshold (60 s) late.
 *
 * <h2>Jobs</h2>
 * Two durable jobs of {@link PrefetchJob}: {@code mailedge.prefetch} for the schedule and for
 * "run now" of all users, and {@code mailedge.prefetch-user} for "run now" of one user. Quartz
 * runs neither job twice at once, so a manual all-users run waits for a nightly run to end,
 * while a one-user run proceeds beside it. "Run now" triggers live in their own group, which
 * {@link #pause()} does not touch.
 *
 * <p>Thread-safe (Quartz's {@link Scheduler} is).
 */
public final class PrefetchScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchScheduler.class);

    static final String GROUP = "mailedge";
    static final JobKey ALL_USERS_JOB = JobKey.jobKey("prefetch", GROUP);
    static final JobKey ONE_USER_JOB = JobKey.jobKey("prefetch-user", GROUP);
    /** Only the schedule's trigger is in this group, so pausing the group pauses exactly the schedule. */
    static final String SCHEDULE_GROUP = "mailedge-schedule";
    static final TriggerKey SCHEDULE = TriggerKey.triggerKey("nightly", SCHEDULE_GROUP);
    static final String RUN_NOW_GROUP = "mailedge-run-now";

    /** Quartz's default, stated so that the Javadoc above stays true. */
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);

    private static final String CRON_HELP = "Quartz cron has 6 or 7 fields: seconds minutes hours "
            + "day-of-month month day-of-week [year], with ? in day-of-month or day-of-week; "
            + "example: \"0 0 2 * * ?\" = 02:00 every day";

    private final Scheduler scheduler;
    private final EdgeStore store;
    private final Prefetcher prefetcher;
    private final SchedulerConfig config;
    private final Clock clock;

    private PrefetchScheduler(Scheduler scheduler, EdgeStore store, Prefetcher prefetcher, SchedulerConfig config,
                              Clock clock) {
        this.scheduler = scheduler;
        this.store = store;
        this.prefetcher = prefetcher;
        this.config = config;
        this.clock = clock;
    }

    /** The outcome recorded for a run the node did not live to finish. */
    public static final String INTERRUPTED = "interrupted: the node stopped during the run";

    /**
     * Starts Quartz on the store's data source. The {@code QRTZ_} tables must exist (Flyway
     * creates them when the store opens).
     *
     * @throws SchedulerUnavailableException if Quartz cannot start on the store
     */
    public static PrefetchScheduler start(EdgeStore store, Prefetcher prefetcher, SchedulerConfig config) {
        return start(store, prefetcher, config, Clock.systemUTC());
    }

    /** @param clock only for the rates in {@link #progress()}; Quartz fires on the system clock */
    public static PrefetchScheduler start(EdgeStore store, Prefetcher prefetcher, SchedulerConfig config,
                                          Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(prefetcher, "prefetcher");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        // One name per scheduler instance name: a restarted scheduler replaces its provider.
        String dataSourceName = "mailedge-store-" + config.instanceName();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName,
                new DataSourceConnectionProvider(store.dataSource()));
        String delegate = config.driverDelegateClass().orElseGet(() -> detectDelegate(store.dataSource()));
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(quartzProperties(config, dataSourceName, delegate));
            Scheduler scheduler = factory.getScheduler();
            scheduler.setJobFactory(new PrefetchJobFactory(prefetcher));
            // Replace = true: idempotent at every start, and harmless when cluster nodes race.
            for (JobKey key : new JobKey[] {ALL_USERS_JOB, ONE_USER_JOB}) {
                scheduler.addJob(JobBuilder.newJob(PrefetchJob.class).withIdentity(key).storeDurably()
                        .requestRecovery(false).build(), true);
            }
            if (!config.clustered()) {
                // alone on the store, a run still recorded as running was cut off by the last stop
                int cut = store.prefetchRuns().finishUnfinished(clock.instant(), INTERRUPTED);
                if (cut > 0) {
                    LOG.warn("{} prefetch run(s) were still running when the node last stopped; recorded as interrupted", cut);
                }
            }
            scheduler.start();
            LOG.info("prefetch scheduler {} started ({}, {}, {} threads)", config.instanceName(),
                    config.clustered() ? "clustered" : "not clustered", delegate, config.threadCount());
            return new PrefetchScheduler(scheduler, store, prefetcher, config, clock);
        } catch (SchedulerException e) {
            throw new SchedulerUnavailableException("cannot start the prefetch scheduler on the store ("
                    + e.getMessage() + "); are the QRTZ_ tables migrated?", e);
        }
    }

    /**
     * Sets (or replaces) the nightly schedule. A paused schedule stays paused.
     *
     * @param cron        a Quartz cron expression, seconds first, e.g. {@code "0 0 2 * * ?"} =
     *                    02:00 every day, read in {@link SchedulerConfig#timeZone()}
     * @param maxDuration the window of each run, &gt; 0
     * @return the schedule as stored
     * @throws InvalidScheduleException if the expression is malformed or never fires again, or
     *                                  the window is not positive
     */
    public ScheduleView setSchedule(String cron, Duration maxDuration) {
        String expression = validateCron(cron);
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new InvalidScheduleException("the maximum duration of a run must be positive, was " + maxDuration
                    + "; example: PT4H = 4 hours");
        }
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(SCHEDULE)
                .forJob(ALL_USERS_JOB)
                .usingJobData(PrefetchJob.KEY_MAX_DURATION, maxDuration.toString())
                .withSchedule(CronScheduleBuilder.cronSchedule(expression)
                        .inTimeZone(TimeZone.getTimeZone(config.timeZone()))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        if (trigger.getFireTimeAfter(Date.from(clock.instant())) == null) {
            throw new InvalidScheduleException("cron expression \"" + expression
                    + "\" never fires again (a year in the past?); " + CRON_HELP);
        }
        try {
            // A trigger stored into a paused group is stored paused, so no pause state is lost here.
            if (scheduler.rescheduleJob(SCHEDULE, trigger) == null) {
                scheduler.scheduleJob(trigger);
            }
        } catch (SchedulerException e) {
            throw unavailable("set the schedule", e);
        }
        LOG.info("prefetch schedule set: \"{}\" ({}), window {}", expression, config.timeZone(), maxDuration);
        return schedule().orElseThrow(() -> new IllegalStateException("the schedule just stored is missing"));
    }

    /**
     * Pauses the schedule: its slots pass without a run until {@link #resume()}; slots missed
     * meanwhile are skipped. "Run now" still works. Pausing with no schedule set is allowed,
     * and a schedule set later starts paused.
     */
    public void pause() {
        try {
            scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals(SCHEDULE_GROUP));
        } catch (SchedulerException e) {
            throw unavailable("pause the schedule", e);
        }
        LOG.info("prefetch schedule paused");
    }

    /** Resumes the schedule at its next slot. */
    public void resume() {
        try {
            scheduler.resumeTriggers(GroupMatcher.triggerGroupEquals(SCHEDULE_GROUP));
        } catch (SchedulerException e) {
            throw unavailable("resume the schedule", e);
        }
        LOG.info("prefetch schedule resumed");
    }

    /** The schedule, or empty if none was ever set. */
    public Optional<ScheduleView> schedule() {
        try {
            Trigger trigger = scheduler.getTrigger(SCHEDULE);
            if (!(trigger instanceof CronTrigger cron)) {
                return Optional.empty();
            }
            boolean paused = scheduler.getTriggerState(SCHEDULE) == Trigger.TriggerState.PAUSED
                    || scheduler.getPausedTriggerGroups().contains(SCHEDULE_GROUP);
            return Optional.of(new ScheduleView(cron.getCronExpression(),
                    Duration.parse(cron.getJobDataMap().getString(PrefetchJob.KEY_MAX_DURATION)),
                    cron.getTimeZone().toZoneId(), paused,
                    Optional.ofNullable(cron.getNextFireTime()).map(Date::toInstant),
                    Optional.ofNullable(cron.getPreviousFireTime()).map(Date::toInstant)));
        } catch (SchedulerException e) {
            throw unavailable("read the schedule", e);
        }
    }

    /**
     * Requests a run now, asynchronously; {@link #progress()} shows it. The window is the
     * schedule's, or {@link SchedulerConfig#defaultMaxDuration()} if none is set.
     *
     * @param user one user to prefetch (placed here or not), or empty for all users placed here;
     *             an all-users run requested during another waits for it to end
     */
    public void runNow(Optional<String> user) {
        Objects.requireNonNull(user, "user");
        user.ifPresent(name -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException("user must not be blank");
            }
        });
        Duration maxDuration = schedule().map(ScheduleView::maxDuration).orElse(config.defaultMaxDuration());
        JobDataMap data = new JobDataMap();
        data.put(PrefetchJob.KEY_MAX_DURATION, maxDuration.toString());
        user.ifPresent(name -> data.put(PrefetchJob.KEY_USER, name));
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(TriggerKey.triggerKey("run-now-" + UUID.randomUUID(), RUN_NOW_GROUP))
                .forJob(user.isPresent() ? ONE_USER_JOB : ALL_USERS_JOB)
                .usingJobData(data)
                .startNow()
                // Waiting behind a running job can make it "misfire"; it should still run.
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(trigger);
        } catch (SchedulerException e) {
            throw unavailable("request a prefetch run", e);
        }
        LOG.info("prefetch run requested for {}, window {}", user.orElse("all users placed here"), maxDuration);
    }

    /**
     * The run executing in this node (live counters), else the latest recorded run, which
     * in a cluster may be running on another node (counters as of its last finished user).
     */
    public Optional<PrefetchProgress> progress() {
        Optional<PrefetchProgress> live = prefetcher.liveProgress();
        if (live.isPresent()) {
            return live;
        }
        Instant now = clock.instant();
        return store.prefetchRuns().recent(1).stream().findFirst().map(run -> Rates.progress(run, now));
    }

    /**
     * Stops Quartz: asks running prefetches to stop after their current message, waits for
     * them, and leaves the store open (the store is the caller's). The schedule stays stored.
     */
    @Override
    public void close() {
        try {
            if (scheduler.isShutdown()) {
                return;
            }
            scheduler.standby();
            for (JobExecutionContext running : scheduler.getCurrentlyExecutingJobs()) {
                scheduler.interrupt(running.getFireInstanceId());
            }
            scheduler.shutdown(true);
            LOG.info("prefetch scheduler {} stopped", config.instanceName());
        } catch (SchedulerException e) {
            throw unavailable("stop the scheduler", e);
        }
    }

    /**
     * @return the expression, trimmed
     * @throws InvalidScheduleException saying what is wrong, with an example
     */
    static String validateCron(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new InvalidScheduleException("the cron expression is empty; " + CRON_HELP);
        }
        String expression = cron.trim();
        int fields = expression.split("\\s+").length;
        if (fields < 6 || fields > 7) {
            throw new InvalidScheduleException("invalid cron expression \"" + expression + "\": it has " + fields
                    + " fields, but " + CRON_HELP + (fields == 5
                    ? " (a 5-field Unix crontab line lacks the leading seconds field)" : ""));
        }
        if (!CronExpression.isValidExpression(expression)) {
            String reason;
            try {
                CronExpression.validateExpression(expression);
                reason = "not accepted by Quartz";
            } catch (ParseException e) {
                reason = e.getMessage();
            }
            throw new InvalidScheduleException("invalid cron expression \"" + expression + "\": " + reason + "; "
                    + CRON_HELP);
        }
        return expression;
    }

    /** The SQL dialect Quartz documents for the database behind the store. */
    static String detectDelegate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if ("PostgreSQL".equalsIgnoreCase(product)) {
                return PostgreSQLDelegate.class.getName();
            }
            if (!"H2".equalsIgnoreCase(product)) {
                LOG.warn("no Quartz delegate known for database \"{}\"; using StdJDBCDelegate (set "
                        + "driverDelegateClass if Quartz documents another for it)", product);
            }
            return StdJDBCDelegate.class.getName();
        } catch (SQLException e) {
            throw new SchedulerUnavailableException("cannot reach the store to start the prefetch scheduler", e);
        }
    }

    private static Properties quartzProperties(SchedulerConfig config, String dataSourceName, String delegate) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, config.instanceName());
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, config.clustered() ? "AUTO" : "NON_CLUSTERED");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty("org.quartz.threadPool.class", SimpleThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.threadCount()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "prefetch-" + config.instanceName());
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", delegate);
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        // Job data as strings, not serialized Java objects: readable in the table, and no
        // deserialisation of database contents.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(config.clustered()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(config.clusterCheckinInterval().toMillis()));
        return p;
    }

    private static SchedulerUnavailableException unavailable(String what, SchedulerException e) {
        return new SchedulerUnavailableException("cannot " + what + ": " + e.getMessage(), e);
    }
}
