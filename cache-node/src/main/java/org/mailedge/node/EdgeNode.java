package org.mailedge.node;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.attenuation.PasswordVerifier;
import org.mailedge.node.auth.LoginPenalty;
import org.mailedge.node.config.EdgeConfig;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.pop3.Pop3Service;
import org.mailedge.node.pop3.SessionServices;
import org.mailedge.notify.NotifyListener;
import org.mailedge.notify.NotifyStats;

/**
 * One running edge node: the POP3 listener in front of the central server, the attenuation
 * table, and the new-mail notification listener that feeds the table's demand rule.
 */
public final class EdgeNode implements AutoCloseable {

    private final EdgeConfig config;
    private final EdgeCounters counters = new EdgeCounters();
    private final AttenuationTable table;
    private final ExecutorService centralIo;
    private final Pop3Service pop3;
    private final NotifyListener notify;

    private EdgeNode(EdgeConfig config, Clock clock) {
        this.config = config;
        this.table = new AttenuationTable(config.attenuation().policy(), new PasswordVerifier(), clock);
        this.centralIo = Executors.newFixedThreadPool(config.central().maxSessions(), daemonThreads("central-io"));
        LoginPenalty penalty = new LoginPenalty(config.auth().failureDelay(), config.auth().failureDelayMax(),
                config.auth().failureMemory(), clock);
        SessionServices services = new SessionServices(table, penalty, config.central().endpoint(), centralIo, counters, clock);
        this.pop3 = new Pop3Service(services, config.pop3().limits(), config.pop3().listen(), config.node().hostName(),
                config.attenuation().loginDelaySeconds());
        this.notify = config.notifications().enabled()
                ? new NotifyListener(config.notifications().listener(), event -> {
                    boolean known = table.onNewMail(event.user());
                    (known ? counters.notificationsKnown : counters.notificationsUnknown).increment();
                    return known;
                }, clock)
                : null;
    }

    /** Starts the listeners; the node is serving when this returns. */
    public static EdgeNode start(EdgeConfig config, Clock clock) throws Exception {
        EdgeNode node = new EdgeNode(config, clock);
        try {
            node.pop3.start();
            if (node.notify != null) {
                node.notify.start();
            }
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    public int pop3Port() {
        return pop3.port();
    }

    public Optional<Integer> notifyPort() {
        return Optional.ofNullable(notify).map(NotifyListener::port);
    }

    public Optional<NotifyStats> notifyStats() {
        return Optional.ofNullable(notify).map(NotifyListener::stats);
    }

    public EdgeCounters counters() {
        return counters;
    }

    public AttenuationTable table() {
        return table;
    }

    public EdgeConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (notify != null) {
            notify.close();
        }
        pop3.close();
        centralIo.shutdown();
        try {
            centralIo.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
