package org.mailedge.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.notify.NotifyStats;
import org.mailedge.sync.prefetch.PrefetchProgress;
import org.mailedge.sync.schedule.PrefetchScheduler;

/**
 * The node's Prometheus metrics (text exposition format 0.0.4, served at {@code GET /metrics}
 * on the admin server). Every counter is bound to the {@link EdgeCounters} adder or the
 * notification listener's statistics that the demo report and {@code /api/counters} read, so
 * nothing is counted twice; a scrape reads them. Names carry the {@code mailedge_} prefix and
 * their unit; the table in docs/operations.md lists them.
 */
public final class EdgeMetrics implements AutoCloseable {

    /** A prefetch progress read serves every prefetch gauge of one scrape: it is a query of the store. */
    private static final long PROGRESS_MEMO_MILLIS = 1_000;

    /** The Prometheus text exposition format 0.0.4, which every Prometheus server reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Micrometer holds a meter's source object weakly: these two exist only here, so they are kept here. */
    private final Supplier<Optional<NotifyStats>> notify;
    private final Optional<Memo<Optional<PrefetchProgress>>> progress;

    public EdgeMetrics(EdgeCounters counters, AttenuationTable table, LoadSignal load, Clock clock,
                       Optional<PrefetchScheduler> scheduler, Supplier<Optional<NotifyStats>> notify) {
        this.notify = notify;
        this.progress = scheduler.map(s -> new Memo<>(s::progress));
        checks(counters);
        sessions(counters);
        delays(counters);
        notifications(counters, this.notify);
        cache(counters);
        notices(counters);
        this.progress.ifPresent(this::prefetch);
        Gauge.builder("mailedge.users.tracked", table, AttenuationTable::size)
                .description("Users in the attenuation table").register(registry);
        // n moves with load under the adaptive rule; an operator watches it next to what moves it
        Gauge.builder("mailedge.attenuation.interval", table,
                        t -> t.policy().desiredInterval(clock.millis()).map(d -> d.toMillis() / 1000.0).orElse(0.0))
                .baseUnit("seconds").description("n now: how long checks are answered at the edge after one went through (0: no time rule)")
                .register(registry);
        Gauge.builder("mailedge.central.session.rate", load, l -> l.sessionsPerSecond(clock.millis()))
                .description("Central sessions opened per second, moving average: the adaptive interval's load signal")
                .register(registry);
        Gauge.builder("mailedge.pop3.connections.open", counters.connectionsOpen, LongAdder::sum)
                .description("POP3 connections open now (each holds a file descriptor)").register(registry);
        counter("mailedge.pop3.connections.opened", counters.connectionsOpened, "POP3 connections accepted");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void checks(EdgeCounters c) {
        counter("mailedge.checks", c.checks, "POP checks received (PASS commands)");
        counter("mailedge.checks.answered.at.edge", c.answeredAtEdge, "Checks answered from the attenuation table, without the central server");
        counter("mailedge.checks.passed.through", c.passedThrough, "Checks whose login went to the central server");
        counter("mailedge.checks.unattenuated", c.unattenuatedChecks, "Checks in mode off, let through untouched");
        counter("mailedge.checks.fast.check.rewards", c.fastCheckRewards, "Checks the fast check let through as a reward");
        counter("mailedge.checks.login.delay.refused", c.loginDelayRejects, "Checks refused with [LOGIN-DELAY] in reject mode");
        FunctionCounter.builder("mailedge.upstream.logins.avoided", c,
                        x -> x.answeredAtEdge.sum() + x.loginDelayRejects.sum())
                .description("Central-server logins the edge spared: checks answered at the edge plus checks refused with [LOGIN-DELAY]")
                .register(registry);
        counter("mailedge.central.sessions", c.centralSessions, "POP3 sessions the edge opened at the central server");
        counter("mailedge.logins.refused", c.refusedLogins, "Logins refused for a wrong password");
        counter("mailedge.logins.in.use", c.inUse, "Logins answered [IN-USE]");
        counter("mailedge.central.unavailable", c.centralUnavailable, "Replies of [SYS/TEMP] because the central server could not be reached");
    }

    private void sessions(EdgeCounters c) {
        c.sessionsByMode().keySet().forEach(mode -> FunctionCounter.builder("mailedge.sessions", c.sessions(mode), LongAdder::sum)
                .description("POP3 sessions ended, by how their check was served (the session log's mode=)")
                .tag("mode", mode).register(registry));
        counter("mailedge.sessions.served.offline", c.servedOffline, "Sessions served from the cache while the central server was unreachable");
    }

    private void delays(EdgeCounters c) {
        FunctionCounter.builder("mailedge.delay.inserted", c.delayInsertedMillis, a -> a.sum() / 1000.0)
                .baseUnit("seconds").description("Delay inserted into replies in delay mode, over all sessions")
                .register(registry);
        counter("mailedge.delayed.sessions", c.delayedSessions, "Sessions in delay mode that got any delay");
    }

    private void notifications(EdgeCounters c, Supplier<Optional<NotifyStats>> notify) {
        notifyCounter("mailedge.notifications.accepted", notify, NotifyStats::notificationsAccepted, null,
                "Notification transactions accepted (250 after DATA)");
        FunctionCounter.builder("mailedge.notification.recipients", c.notificationsKnown, LongAdder::sum)
                .tag("user", "known").description("Users named in accepted notifications").register(registry);
        FunctionCounter.builder("mailedge.notification.recipients", c.notificationsUnknown, LongAdder::sum)
                .tag("user", "unknown").description("Users named in accepted notifications").register(registry);
        notifyCounter("mailedge.notifications.rejected", notify, NotifyStats::rejectedNotAllowed, "not_allowed",
                "Notifications refused, by reason");
        notifyCounter("mailedge.notifications.rejected", notify, NotifyStats::rejectedBareLineEnd, "bare_line_end",
                "Notifications refused, by reason");
        notifyCounter("mailedge.notifications.rejected", notify, NotifyStats::rejectedTooLarge, "too_large",
                "Notifications refused, by reason");
        notifyCounter("mailedge.notifications.rejected", notify, NotifyStats::rejectedRateLimited, "rate_limited",
                "Notifications refused, by reason");
    }

    private void notifyCounter(String name, Supplier<Optional<NotifyStats>> notify, ToDoubleFunction<NotifyStats> value,
                               String reason, String description) {
        FunctionCounter.Builder<Supplier<Optional<NotifyStats>>> builder = FunctionCounter.builder(name, notify,
                n -> n.get().map(value::applyAsDouble).orElse(0.0)).description(description);
        if (reason != null) {
            builder.tag("reason", reason);
        }
        builder.register(registry);
    }

    private void cache(EdgeCounters c) {
        counter("mailedge.cache.hits", c.cacheHits, "Messages (RETR, TOP) served from the edge's cache");
        counter("mailedge.cache.misses", c.messagesRelayed, "Messages (RETR, TOP) fetched from the central server for a client");
        FunctionCounter.builder("mailedge.served", c.bytesFromEdge, LongAdder::sum).baseUnit("bytes").tag("source", "cache")
                .description("Message bytes served to clients, by where they came from").register(registry);
        FunctionCounter.builder("mailedge.served", c.bytesFromCentral, LongAdder::sum).baseUnit("bytes").tag("source", "central")
                .description("Message bytes served to clients, by where they came from").register(registry);
        counter("mailedge.uid.mismatches", c.uidMismatches, "Cached messages dropped because the central UIDL no longer named them");
        counter("mailedge.deletes.queued", c.deletesQueued, "Deletes put in the durable queue because the central server could not take them");
        counter("mailedge.deletes.committed", c.deletesCommitted, "Deletes carried out at the central server at QUIT");
    }

    private void notices(EdgeCounters c) {
        counter("mailedge.notices.sent", c.noticesSent, "Attenuation notices the SMTP relay accepted");
        counter("mailedge.notices.failed", c.noticesFailed, "Attenuation notices the relay did not take");
        counter("mailedge.notices.suppressed", c.noticesSuppressed, "Attenuation notices withheld (already notified this period)");
    }

    private void prefetch(Memo<Optional<PrefetchProgress>> progress) {
        gauge("mailedge.prefetch.running", progress, p -> p.running() ? 1 : 0, null,
                "1 while a prefetch run is in progress");
        gauge("mailedge.prefetch.users.planned", progress, p -> p.run().usersPlanned(), null,
                "Users the current (or last) prefetch run set out to fetch");
        gauge("mailedge.prefetch.users.done", progress, p -> p.run().usersDone(), null,
                "Users the current (or last) prefetch run has fetched");
        gauge("mailedge.prefetch.stored.messages", progress, p -> p.run().messages(), null,
                "Messages the current (or last) prefetch run stored");
        gauge("mailedge.prefetch.stored", progress, p -> p.run().bytes(), "bytes",
                "Bytes the current (or last) prefetch run stored");
    }

    private void gauge(String name, Memo<Optional<PrefetchProgress>> progress, ToDoubleFunction<PrefetchProgress> value,
                       String unit, String description) {
        Gauge.builder(name, progress, m -> m.get().map(value::applyAsDouble).orElse(0.0))
                .baseUnit(unit).description(description).register(registry);
    }

    private void counter(String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }

    /** The registry, for tests and for binding more meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        registry.close();
    }

    /** The last value for up to {@link #PROGRESS_MEMO_MILLIS}, so one scrape queries the store once. */
    private static final class Memo<T> {
        private final Supplier<T> source;
        private final Clock clock = Clock.systemUTC();
        private T value;
        private long readAt = Long.MIN_VALUE;

        Memo(Supplier<T> source) {
            this.source = source;
        }

        synchronized T get() {
            long now = clock.millis();
            if (value == null || now - readAt >= PROGRESS_MEMO_MILLIS) {
                value = source.get();
                readAt = now;
            }
            return value;
        }
    }
}
