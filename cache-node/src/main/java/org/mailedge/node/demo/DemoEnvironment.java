package org.mailedge.node.demo;

import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.users.UserDirectory;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.EdgeConfig;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.tls.SelfSignedPair;
import org.mailedge.sync.schedule.PrefetchScheduler;

/**
 * The two servers of the demo, in this JVM on loopback ports the system picks: GreenMail
 * ({@link CentralServer}) as the ISP's central POP3/SMTP server with one mailbox per
 * subscriber, and an unmodified {@link EdgeNode} in front of it, started from YAML like
 * {@code mailedge serve} with the default attenuation (time rule, 15 minutes), demand rule,
 * login penalty and mail cache (keep retrieved messages, prefetch on a notification), and the
 * fast check on, so that the irregular subscribers' rapid checks show in the report.
 *
 * <p>Only what a second demo on the same machine would collide with differs from the
 * defaults: every listener (POP3, notifications, admin API) takes a free port, and the
 * node's data directory (its embedded H2 store) is a fresh temporary directory, deleted at
 * {@link #close()}, so a demo leaves nothing behind. Prefetch needs central credentials, so
 * the demo writes the operator's file of them ({@link CredentialsFile}) into that directory
 * and sets {@code prefetch.login: credentials-file}. The nightly schedule is paused: the
 * demo opens its prefetch window by hand ({@link PrefetchWindow}).
 */
final class DemoEnvironment implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    /** Subscribers' addresses at the central server. */
    static final String CENTRAL_DOMAIN = "central.demo";
    /** The domain of notification recipients; the edge reads only the local part. */
    static final String EDGE_DOMAIN = "edge.demo";

    /**
     * The domain of the attenuation notices, which the central server's SMTP takes as the
     * relay. Not the subscribers' central domain: a notice in a maildrop would be mail the
     * demo's judge did not deliver.
     */
    static final String NOTICE_DOMAIN = "notices.demo";

    private final CentralServer central;
    private final EdgeNode edge;
    private final Path dataDirectory;
    private boolean closed;

    private DemoEnvironment(CentralServer central, EdgeNode edge, Path dataDirectory) {
        this.central = central;
        this.edge = edge;
        this.dataDirectory = dataDirectory;
    }

    static DemoEnvironment start(Population population, Clock edgeClock) throws Exception {
        CentralServer central = new CentralServer(
                new ServerSetup(0, HOST, ServerSetup.PROTOCOL_POP3),
                new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP));
        central.start();
        Path dataDirectory = null;
        try {
            for (Subscriber s : population.subscribers()) {
                central.setUser(s.centralAddress(), s.login(), s.password());
            }
            dataDirectory = Files.createTempDirectory("mailedge-demo-");
            Path credentials = CredentialsFile.write(dataDirectory, population.subscribers());
            // a throw-away self-signed certificate: POP3S and STLS on, as a production node would run
            SelfSignedPair pair = SelfSignedPair.generate(dataDirectory.resolve("tls"), EDGE_DOMAIN);
            String yaml = """
                    node:
                      host-name: %1$s
                      data-dir: "%2$s"
                    tls:
                      certificate: "%8$s"
                      private-key: "%9$s"
                    pop3:
                      listen: %3$s:0
                      tls: {listen: "%3$s:0"}
                    central:
                      host: %3$s
                      port: %4$d
                    notify:
                      listen: %3$s:0
                    admin:
                      listen: %3$s:0
                    attenuation:
                      fast-check: {enabled: true}
                    cache:
                      keep-retrieved: true
                    prefetch:
                      login: credentials-file
                      credentials-file: "%5$s"
                      placement: home
                      on-notification: true
                    notices:
                      relay: %3$s:%6$d
                      domain: %7$s
                      sweep-interval: 1s
                    """.formatted(EDGE_DOMAIN, yamlString(dataDirectory), HOST, central.getPop3().getPort(), yamlString(credentials),
                    central.getSmtp().getPort(), NOTICE_DOMAIN, yamlString(pair.certificate()), yamlString(pair.privateKey()));
            EdgeNode edge = EdgeNode.start(ConfigLoader.parse(yaml), edgeClock);
            try {
                edge.scheduler().ifPresent(PrefetchScheduler::pause);
            } catch (RuntimeException e) {
                edge.close();
                throw e;
            }
            return new DemoEnvironment(central, edge, dataDirectory);
        } catch (Exception e) {
            central.stop();
            if (dataDirectory != null) {
                deleteRecursively(dataDirectory);
            }
            throw e;
        }
    }

    EdgeNode edge() {
        return edge;
    }

    /** The user directory of the edge's store, where the demo places its subscribers. */
    UserDirectory users() {
        return store().users();
    }

    /** This node's name in the user directory ({@code node.name}). */
    String nodeName() {
        return edge.config().node().name();
    }

    PrefetchScheduler scheduler() {
        return edge.scheduler().orElseThrow(() -> new IllegalStateException("the demo's edge runs prefetch"));
    }

    /** Bytes of message content in the edge's cache now. */
    long cachedBytes() {
        return store().messages().totalBytes();
    }

    /** What deliveries to the central server must hold (see {@link MaildropLocks}). */
    MaildropLocks maildrops() {
        return central.maildrops();
    }

    int edgePop3Port() {
        return edge.pop3Port();
    }

    int edgePop3sPort() {
        return edge.pop3sPort().orElseThrow(() -> new IllegalStateException("the demo's edge runs POP3S"));
    }

    /** The demo's throw-away certificate, for clients to trust ({@code curl --cacert}). */
    Path certificate() {
        return edge.config().tls().server().orElseThrow().certificate();
    }

    int edgeNotifyPort() {
        return edge.notifyPort().orElseThrow(() -> new IllegalStateException("the demo's edge runs its notification listener"));
    }

    /** The admin API's port, if the node runs it (it does by default). */
    Optional<Integer> adminPort() {
        return edge.adminPort();
    }

    int centralPop3Port() {
        return central.getPop3().getPort();
    }

    int centralSmtpPort() {
        return central.getSmtp().getPort();
    }

    /** Sends the attenuation notices still owed now, so the report counts every attenuated subscriber's. */
    void flushNotices() throws InterruptedException {
        if (edge.notices().isPresent()) {
            edge.notices().get().sweepAndWait();
        }
    }

    /** The edge's time-rule interval, which bounds how long a message may stay hidden without a notification. */
    Optional<Duration> timeRule() {
        EdgeConfig.Attenuation attenuation = edge.config().attenuation();
        return attenuation.policy() == EdgeConfig.Attenuation.Policy.TIME ? Optional.of(attenuation.interval()) : Optional.empty();
    }

    /** Closes the edge first, so no session of it is cut by GreenMail going away, then deletes the data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            edge.close();
        } finally {
            central.stop();
            deleteRecursively(dataDirectory);
        }
    }

    private EdgeStore store() {
        return edge.store().orElseThrow(() -> new IllegalStateException("the demo's edge runs its mail cache"));
    }

    /** A path inside a double-quoted YAML scalar. */
    private static String yamlString(Path path) {
        return path.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo's data directory " + directory, e);
        }
    }
}
