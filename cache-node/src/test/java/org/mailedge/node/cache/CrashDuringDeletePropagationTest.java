package org.mailedge.node.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailedge.node.testing.CentralTruth;
import org.mailedge.node.testing.EdgeProcess;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.TappedProxy;
import org.mailedge.node.testing.TestMail;

/**
 * Issue 3, "a crash (the edge process killed with SIGKILL) during delete propagation loses
 * nothing and resurrects nothing after restart". The edge runs as {@code mailedge serve} in
 * a child JVM; GreenMail (in this JVM) is the central server behind a {@link TappedProxy}.
 * With the central server down, a subscriber deletes three of eight messages through the
 * edge (queued durably, QUIT +OK). The child is killed right after that QUIT, and, per
 * {@link KillPoint}, once more at a chosen point of the background retry that carries the
 * deletes to the central server. After the last restart the retries finish, and: exactly
 * the three are gone from the central server, no other message is lost, and no session
 * (offline before the crash, right after the restart, later) ever lists or serves them.
 *
 * <p>The retry runs on the child's system clock and backs off 30 s after a failed attempt.
 * No attempt fails here: the first child retries only after an hour (so never), and the
 * central server is up before any later child starts, so the queued entries are due at
 * once and every attempt reaches the server (or is killed).
 */
class CrashDuringDeletePropagationTest {

    private static final int MESSAGES = 8;
    /** The message numbers the subscriber deletes. */
    private static final int[] DELETED = {2, 5, 7};

    /** Where the second SIGKILL falls. */
    enum KillPoint {
        /** Only the first kill, right after the offline session's QUIT +OK; the restarted edge retries. */
        RIGHT_AFTER_QUIT,
        /**
         * The retry has sent its DELEs and its QUIT is held before the central server sees it.
         * (GreenMail keeps the marks of a session that drops without QUIT and hides those
         * messages from UIDL, where an RFC 1939 server would forget them; either way the
         * restarted edge must end with exactly the three gone.)
         */
        DELES_SENT_QUIT_NOT_YET,
        /** The central server has committed the retry's QUIT; its +OK is held from the edge. */
        CENTRAL_COMMITTED_EDGE_NOT_TOLD,
        /** The retry has begun to mark entries done (or finished: kill at once when the queue shrinks). */
        WHILE_ENTRIES_ARE_MARKED_DONE
    }

    @TempDir
    Path work;

    private GreenMail central;
    private TappedProxy link;
    private Path dataDir;
    private Path credentials;
    private Map<String, byte[]> truth;
    private final List<EdgeProcess> started = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        central = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        central.start();
        GreenMailUser dana = central.setUser("dana@central.test", "dana", "pw-dana");
        for (int m = 1; m <= MESSAGES; m++) {
            TestMail.deliver(dana, TestMail.message(dana.getEmail(), "dana-m" + m, 500 + 700 * m, m));
        }
        truth = CentralTruth.messages(central.getPop3().getPort(), "dana", "pw-dana");
        assertThat(truth).hasSize(MESSAGES);
        link = new TappedProxy(central.getPop3().getPort());
        dataDir = work.resolve("data");
        credentials = work.resolve("central-credentials");
        Files.writeString(credentials, "dana pw-dana\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stop() throws IOException {
        started.forEach(EdgeProcess::close);
        link.close();
        central.stop();
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sigkillWhileDeletesPropagateLosesNothingAndResurrectsNothing(KillPoint killPoint) throws Exception {
        List<String> uids = new ArrayList<>(truth.keySet());
        List<String> deleted = new ArrayList<>();
        for (int n : DELETED) {
            deleted.add(uids.get(n - 1));
        }
        Map<String, byte[]> kept = new LinkedHashMap<>(truth);
        deleted.forEach(kept::remove);

        // The first node never retries on its own (first pass after an hour).
        EdgeProcess first = startEdge("first", "1h");
        try (Pop3Wire pop = first.connect()) {
            pop.login("dana", "pw-dana");
            downloadAndCompare(pop, truth, "the first check");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        link.down();
        try (Pop3Wire pop = first.connect()) {
            pop.login("dana", "pw-dana");
            assertThat(CentralTruth.uidl(pop).values()).as("served from the cache").containsExactlyElementsOf(uids);
            for (int n : DELETED) {
                assertThat(pop.ask("DELE " + n)).startsWith("+OK");
            }
            assertThat(pop.ask("QUIT")).as("queued durably, so the client is told they are gone").startsWith("+OK");
        }
        assertThat(queuedDeletes()).isEqualTo(DELETED.length);
        try (Pop3Wire pop = first.connect()) {
            pop.login("dana", "pw-dana");
            downloadAndCompare(pop, kept, "an offline check after the deletes");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        assertThat(first.kill()).as("killed right after the QUIT").isEqualTo(EdgeProcess.KILLED_BY_SIGKILL);
        assertThat(queuedDeletes()).as("the queue survived the kill").isEqualTo(DELETED.length);
        assertThat(CentralTruth.uids(central.getPop3().getPort(), "dana", "pw-dana"))
                .as("nothing reached the central server yet").containsExactlyElementsOf(uids);
        link.up();

        if (killPoint != KillPoint.RIGHT_AFTER_QUIT) {
            TappedProxy.Hold hold = switch (killPoint) {
                case DELES_SENT_QUIT_NOT_YET -> link.holdCommand("QUIT");
                case CENTRAL_COMMITTED_EDGE_NOT_TOLD -> link.holdReplyTo("QUIT");
                default -> null;
            };
            EdgeProcess second = startEdge("second", "200ms");
            if (hold != null) {
                hold.await(Duration.ofSeconds(20));
            } else {
                Poll.until(Duration.ofSeconds(20), "the retry marks entries done", () -> queuedDeletes() < DELETED.length,
                        second::log);
            }
            assertThat(second.kill()).isEqualTo(EdgeProcess.KILLED_BY_SIGKILL);
            link.cutAll();
            if (hold != null) {
                // held at the central link, the retry cannot have finished; marking entries done may have
                assertThat(second.log()).as("the kill came before the retry logged its result")
                        .doesNotContain("delete retry: " + DELETED.length + " deleted");
            }
        }

        // The last node retries every 2 s: the sessions right after its start come first.
        EdgeProcess last = startEdge("last", "2s");
        try (Pop3Wire pop = last.connect()) {
            pop.login("dana", "pw-dana");
            downloadAndCompare(pop, kept, "the check right after the restart");
            // and the client goes away without QUIT
        }
        // until the edge has seen that connection close, the vanished session holds the mailbox: [IN-USE] is right
        Pop3Wire[] next = new Pop3Wire[1];
        Poll.until(Duration.ofSeconds(20), "the vanished session's mailbox is released", () -> {
            Pop3Wire attempt = last.connect();
            assertThat(attempt.ask("USER dana")).startsWith("+OK");
            String reply = attempt.ask("PASS pw-dana");
            if (reply.startsWith("+OK")) {
                next[0] = attempt;
                return true;
            }
            assertThat(reply).startsWith("-ERR [IN-USE]");
            attempt.close();
            return false;
        }, last::log);
        try (Pop3Wire pop = next[0]) {
            assertThat(CentralTruth.uidl(pop).values()).as("the next check, answered at the edge")
                    .containsExactlyElementsOf(kept.keySet());
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        Poll.until(Duration.ofSeconds(20), "the queued deletes reach the central server",
                () -> queuedDeletes() == 0
                        && CentralTruth.uids(central.getPop3().getPort(), "dana", "pw-dana").equals(List.copyOf(kept.keySet())),
                last::log);
        try (Pop3Wire pop = last.connect()) {
            pop.login("dana", "pw-dana");
            downloadAndCompare(pop, kept, "a check after the retries");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        assertThat(last.stop()).isNotEqualTo(EdgeProcess.KILLED_BY_SIGKILL);

        try (Pop3Wire pop = Pop3Wire.connect(central.getPop3().getPort())) {
            pop.login("dana", "pw-dana");
            assertThat(CentralTruth.uidl(pop).values()).as("exactly the deleted messages are gone")
                    .containsExactlyElementsOf(kept.keySet());
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        GreenMailUser dana = central.getUserManager().getUser("dana");
        assertThat(central.getManagers().getImapHostManager().getInbox(dana).getMessageCount())
                .isEqualTo(MESSAGES - DELETED.length);
    }

    /** UIDL shows exactly {@code expected}, and every message of it is RETR'd byte-identical to the central copy. */
    private static void downloadAndCompare(Pop3Wire pop, Map<String, byte[]> expected, String what) throws IOException {
        Map<Integer, String> listing = CentralTruth.uidl(pop);
        assertThat(listing.values()).as("listing in %s", what).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<Integer, String> m : listing.entrySet()) {
            assertThat(pop.ask("RETR " + m.getKey())).startsWith("+OK");
            assertThat(TestMail.difference(pop.rawBody(), expected.get(m.getValue()))).as("RETR %d in %s", m.getKey(), what)
                    .isNull();
        }
    }

    private EdgeProcess startEdge(String name, String retryInterval) throws IOException {
        Path config = work.resolve(name + ".yaml");
        Files.writeString(config, """
                node: {data-dir: "%s", name: edge}
                pop3: {listen: "127.0.0.1:0", io-threads: 2}
                central: {host: 127.0.0.1, port: %d, connect-timeout: 2s, read-timeout: 20s}
                notify: {enabled: false}
                auth: {failure-delay: 0s, failure-delay-max: 0s}
                prefetch: {login: credentials-file, credentials-file: "%s", on-notification: false, delete-retry-interval: %s}
                admin: {enabled: false}
                """.formatted(dataDir, link.port(), credentials, retryInterval));
        EdgeProcess edge = EdgeProcess.start(config, work.resolve(name + ".log"), 0);
        started.add(edge);
        return edge;
    }

    /** Entries in the durable delete queue (one file each on H2, see db/README.md). */
    private long queuedDeletes() throws IOException {
        Path queue = dataDir.resolve("delete-queue");
        if (!Files.isDirectory(queue)) {
            return 0;
        }
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(queue, "*.del")) {
            for (Path ignored : files) {
                n++;
            }
        }
        return n;
    }
}
