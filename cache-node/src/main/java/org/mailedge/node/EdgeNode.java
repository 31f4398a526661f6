package org.mailedge.node;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.node.admin.AdminApi;
import org.mailedge.node.admin.AdminServer;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.node.delay.DelayTable;
import org.mailedge.node.policy.Mode;
import org.mailedge.node.attenuation.PasswordVerifier;
import org.mailedge.node.auth.LoginPenalty;
import org.mailedge.node.cache.MailCache;
import org.mailedge.node.cache.NoCache;
import org.mailedge.node.cache.StoreBackedCache;
import org.mailedge.node.config.EdgeConfig;
import org.mailedge.node.console.BusiestPollers;
import org.mailedge.node.console.ConsoleApi;
import org.mailedge.node.console.TrafficHistory;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.notice.AttenuationNotices;
import org.mailedge.node.notice.HelpPage;
import org.mailedge.node.notice.NoticeService;
import org.mailedge.node.notice.NoticeSettings;
import org.mailedge.node.metrics.EdgeMetrics;
import org.mailedge.node.metrics.MdcExecutor;
import org.mailedge.node.pop3.Pop3Service;
import org.mailedge.node.pop3.SessionServices;
import org.mailedge.notify.NewMail;
import org.mailedge.notify.NotifyListener;
import org.mailedge.notify.NotifyStats;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.credentials.CredentialsException;
import org.mailedge.sync.deletes.DeletePropagator;
import org.mailedge.sync.deletes.DeleteRetryService;
import org.mailedge.sync.prefetch.Prefetcher;
import org.mailedge.sync.schedule.PrefetchScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running edge node: the POP3 listener in front of the central server, the attenuation
 * and delay tables, the new-mail notification listener that feeds the table's demand rule, the mail
 * cache with its store, the prefetch scheduler, the retry of queued deletes, and the admin
 * API. Parts that are switched off in the configuration are simply absent.
 */
public final class EdgeNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);
    /** Users kept per 10-minute bucket for the console's busiest pollers (a few KiB in all). */
    private static final int BUSIEST_POLLERS_KEPT = 200;

    private final EdgeConfig config;
    private final EdgeCounters counters = new EdgeCounters();
    private final LoadSignal load;
    private final AttenuationTable table;
    private final DelayTable delays;
    private final BusiestPollers pollers;
    private final ExecutorService centralIo;
    /** Everything started, in start order; closed in reverse. */
    private final List<AutoCloseable> parts = new ArrayList<>();
    private Pop3Service pop3;
    private NotifyListener notify;
    private Optional<EdgeStore> store = Optional.empty();
    private Optional<Prefetcher> prefetcher = Optional.empty();
    private Optional<PrefetchScheduler> scheduler = Optional.empty();
    private Optional<NoticeService> notices = Optional.empty();
    private AdminServer admin;
    private EdgeMetrics metrics;

    private EdgeNode(EdgeConfig config, Clock clock) {
        this.config = config;
        this.load = config.attenuation().newLoadSignal();
        this.table = new AttenuationTable(config.attenuation().releasePolicy(load), new PasswordVerifier(), clock,
                config.attenuation().fastCheck());
        this.delays = new DelayTable(config.attenuation().delay(), clock);
        this.pollers = new BusiestPollers(BUSIEST_POLLERS_KEPT, clock);
        // tasks carry their POP3 session's log context (user, client, session) to the worker
        this.centralIo = new MdcExecutor(Executors.newFixedThreadPool(config.central().maxSessions(), daemonThreads("central-io")));
    }

    /** Starts every configured part; the node is serving when this returns. */
    public static EdgeNode start(EdgeConfig config, Clock clock) throws Exception {
        EdgeNode node = new EdgeNode(config, clock);
        try {
            node.startParts(clock);
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void startParts(Clock clock) throws Exception {
        MailCache cache = new NoCache();
        if (config.cache().enabled()) {
            EdgeStore opened = JdbcEdgeStore.open(config.store().config());
            parts.add(opened);
            store = Optional.of(opened);
            cache = new StoreBackedCache(opened, config.node().name(), config.cache().keepRetrieved(), counters, clock);
            startPrefetch(opened, clock);
        }
        // closed before the store, so no central-I/O task touches a closed store
        parts.add(() -> {
            centralIo.shutdown();
            centralIo.awaitTermination(5, TimeUnit.SECONDS);
        });
        AttenuationNotices attenuationNotices = AttenuationNotices.NONE;
        if (config.notices().enabled()) {
            // the configuration refuses notices without the store
            NoticeService started = NoticeService.start(config.notices(), store.orElseThrow().notices(),
                    () -> config.notices().helpLink(adminBase()), config.node().hostName(), counters, clock);
            parts.add(started);
            notices = Optional.of(started);
            attenuationNotices = started;
        }
        LoginPenalty penalty = new LoginPenalty(config.auth().failureDelay(), config.auth().failureDelayMax(),
                config.auth().failureMemory(), clock);
        SessionServices services = new SessionServices(table, config.attenuation().modes(), delays, load, penalty,
                config.central().endpoint(), centralIo, cache,
                config.cache().enabled() && config.cache().serveWhenCentralDown(), counters, clock, attenuationNotices,
                config.central().forwarding(), pollers);
        if (config.attenuation().modes().anyUses(Mode.DELAY)) {
            startDelayPurge(clock);
        }
        pop3 = new Pop3Service(services, config.pop3().limits(), config.pop3().listen(), config.node().hostName(),
                config.attenuation().loginDelaySeconds(), config.tls().pop3());
        pop3.start();
        parts.add(pop3);
        if (config.notifications().enabled()) {
            notify = new NotifyListener(config.notifications().listener(), this::onNewMail, clock);
            notify.start();
            parts.add(notify);
        }
        metrics = new EdgeMetrics(counters, table, load, clock, scheduler, this::notifyStats);
        parts.add(metrics);
        if (config.admin().enabled()) {
            TrafficHistory history = startTrafficHistory(clock);
            AdminServer server = new AdminServer(config.admin().listen(), config.admin().token());
            new ConsoleApi(config.node().name(), config.node().hostName(), counters, table, delays, pollers, history,
                    scheduler, store).install(server);
            admin = new AdminApi(counters, table, scheduler, store.map(EdgeStore::users)).install(server)
                    .page(NoticeSettings.HELP_PATH, HelpPage.render(config.node().hostName(), config.notices().desiredInterval(),
                            config.notices().period()))
                    .text("/metrics", EdgeMetrics.CONTENT_TYPE, metrics::scrape);
            admin.start();
            parts.add(admin);
        }
        // subscribers reach the POP3 listener; a help page on loopback is out of their reach unless POP3 is too
        if (config.notices().enabled() && config.notices().helpUrl().isEmpty()
                && config.admin().listen().getAddress().isLoopbackAddress()
                && !config.pop3().listen().getAddress().isLoopbackAddress()) {
            LOG.warn("attenuation notices link to the admin server's help page on loopback, which subscribers cannot reach:"
                    + " set notices.help-url to a public copy of the page");
        }
    }

    /** The console's per-minute chart, sampled off the POP3 path. */
    private TrafficHistory startTrafficHistory(Clock clock) {
        TrafficHistory history = new TrafficHistory(counters.answeredAtEdge, counters.passedThrough, clock);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemonThreads("console-history"));
        sampler.scheduleWithFixedDelay(history::sample, 5, 5, TimeUnit.SECONDS);
        parts.add(sampler::shutdownNow);
        return history;
    }

    /** Users who stopped checking leave the delay table (the seed: "after time N the user will be dropped"). */
    private void startDelayPurge(Clock clock) {
        ScheduledExecutorService purge = Executors.newSingleThreadScheduledExecutor(daemonThreads("delay-purge"));
        purge.scheduleWithFixedDelay(() -> delays.purge(table.policy().desiredInterval(clock.millis()).orElse(Duration.ZERO)),
                1, 1, TimeUnit.MINUTES);
        parts.add(purge::shutdownNow);
    }

    private void startPrefetch(EdgeStore opened, Clock clock) throws CredentialsException {
        if (config.prefetch().credentials().isEmpty()) {
            return;
        }
        CentralCredentials credentials = config.prefetch().credentials().get().open();
        Prefetcher fetcher = new Prefetcher(opened, config.central().endpoint(), credentials, config.prefetch().config());
        prefetcher = Optional.of(fetcher);
        PrefetchScheduler started = PrefetchScheduler.start(opened, fetcher, config.prefetch().scheduler(), clock);
        parts.add(started);
        scheduler = Optional.of(started);
        if (started.schedule().isEmpty()) {
            started.setSchedule(config.prefetch().cron(), config.prefetch().maxDuration());
        }
        DeleteRetryService retries = DeleteRetryService.start(
                new DeletePropagator(opened, config.central().endpoint(), credentials, clock), config.prefetch().deleteRetryInterval());
        parts.add(retries);
    }

    /**
     * The demand rule, and with the cache a prefetch of that user so the edge holds what
     * arrived. The prefetch does not wait for the user to be known to the attenuation table:
     * the central system notifies the edge of the user's headend, which is placement enough,
     * and the table is empty after a restart.
     */
    private boolean onNewMail(NewMail event) {
        boolean known = table.onNewMail(event.user());
        (known ? counters.notificationsKnown : counters.notificationsUnknown).increment();
        if (config.prefetch().onNotification()) {
            prefetcher.ifPresent(fetcher -> centralIo.execute(() -> fetcher.prefetchUser(event.user())));
        }
        return known;
    }

    /** The admin server's base URL as configured, with the port it got; empty when it is off. */
    private Optional<URI> adminBase() {
        return adminPort().map(port -> {
            String host = config.admin().listen().getHostString();
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/");
        });
    }

    /** The attenuation notice service, when {@code notices.enabled}. */
    public Optional<NoticeService> notices() {
        return notices;
    }

    public int pop3Port() {
        return pop3.port();
    }

    /** The POP3S listener's port, when {@code pop3.tls.listen} is set. */
    public Optional<Integer> pop3sPort() {
        return pop3.implicitTlsPort();
    }

    public Optional<Integer> notifyPort() {
        return Optional.ofNullable(notify).map(NotifyListener::port);
    }

    public Optional<NotifyStats> notifyStats() {
        return Optional.ofNullable(notify).map(NotifyListener::stats);
    }

    public Optional<Integer> adminPort() {
        return Optional.ofNullable(admin).map(AdminServer::port);
    }

    /** The Prometheus registry behind {@code GET /metrics}. */
    public EdgeMetrics metrics() {
        return metrics;
    }

    public DelayTable delays() {
        return delays;
    }

    public EdgeCounters counters() {
        return counters;
    }

    public AttenuationTable table() {
        return table;
    }

    public Optional<EdgeStore> store() {
        return store;
    }

    public Optional<PrefetchScheduler> scheduler() {
        return scheduler;
    }

    public EdgeConfig config() {
        return config;
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed);
        parts.clear();
        for (AutoCloseable part : reversed) {
            try {
                part.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", part, e);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
