package org.mailedge.node.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.db.StoreConfig;
import org.mailedge.db.cache.CachedMessage;
import org.mailedge.node.testing.CentralTruth;
import org.mailedge.node.testing.EdgeProcess;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.TestMail;

/**
 * Issue 3, "a crash (the edge process killed with SIGKILL) during prefetch loses nothing and
 * resurrects nothing after restart". The edge runs as {@code mailedge serve} in a child JVM
 * in front of GreenMail (in this JVM); a prefetch run over 10 users and 300 messages (some
 * of 50-200 KB) is started through the admin API and the child is killed with SIGKILL while
 * the run is storing messages, twice, each time restarted on the same data directory. Then:
 * the restarted edge lists each user's central maildrop exactly; a complete run fetches only
 * what the killed runs had not stored; every message, served from the cache, is
 * byte-identical to the central server's RETR; the central server lost nothing; and every
 * cached message in the store is whole (no temporary file left).
 *
 * <p>{@code -Ddebug.childlogs=true} (in surefire's argLine) prints the children's logs.
 */
class CrashDuringPrefetchTest {

    private static final int USERS = 10;
    private static final int MESSAGES_PER_USER = 30;
    private static final int TOTAL = USERS * MESSAGES_PER_USER;
    /** Kill once the store holds at least this many more messages than at the round's start. */
    private static final int[] KILL_AFTER_STORED = {45, 110};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private GreenMail central;
    private Path dataDir;
    private Path config;
    private int adminPort;
    private final Map<String, Map<String, byte[]>> truth = new LinkedHashMap<>();
    private final List<EdgeProcess> started = new ArrayList<>();
    private final long t0 = System.nanoTime();

    @BeforeEach
    void seed() throws Exception {
        central = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        central.start();
        dataDir = work.resolve("data");
        Path credentials = work.resolve("central-credentials");
        StringBuilder lines = new StringBuilder();
        for (int u = 0; u < USERS; u++) {
            String login = user(u);
            GreenMailUser user = central.setUser(login + "@central.test", login, password(u));
            lines.append(login).append(' ').append(password(u)).append('\n');
            for (int m = 0; m < MESSAGES_PER_USER; m++) {
                // one message of 50-200 KB per user, the others 0.3-3 KB
                int size = m == 7 + u % 5 ? 50_000 + (u * 104_729) % 150_000 : 300 + (m * 331 + u * 97) % 2_700;
                TestMail.deliver(user, TestMail.message(user.getEmail(), login + "-m" + m, size, u * 1000L + m));
            }
        }
        phase("delivered");
        Files.writeString(credentials, lines);
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        for (int u = 0; u < USERS; u++) {
            truth.put(user(u), CentralTruth.messages(central.getPop3().getPort(), user(u), password(u)));
            assertThat(truth.get(user(u))).hasSize(MESSAGES_PER_USER);
        }
        // The operator places the users at this node (placement: home) before it starts.
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dataDir))) {
            for (int u = 0; u < USERS; u++) {
                store.users().setHome(user(u), "edge");
            }
        }
        phase("seeded");
        config = work.resolve("mailedge.yaml");
        adminPort = EdgeProcess.freePort();
        Files.writeString(config, """
                node: {data-dir: "%s", name: edge}
                pop3: {listen: "127.0.0.1:0", io-threads: 2}
                central: {host: 127.0.0.1, port: %d, connect-timeout: 2s, read-timeout: 20s}
                notify: {enabled: false}
                auth: {failure-delay: 0s, failure-delay-max: 0s}
                cache: {keep-retrieved: false}
                prefetch: {login: credentials-file, credentials-file: "%s", placement: home, on-notification: false}
                admin: {listen: "127.0.0.1:%d"}
                """.formatted(dataDir, central.getPop3().getPort(), credentials, adminPort));
    }

    @AfterEach
    void stop() {
        if (Boolean.getBoolean("debug.childlogs")) {
            started.forEach(e -> System.out.println("---- child log\n" + e.log()));
        }
        started.forEach(EdgeProcess::close);
        central.stop();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigkillDuringPrefetchLosesNothingAndLeavesOnlyWholeByteIdenticalMessages() throws Exception {
        for (int round = 0; round < KILL_AFTER_STORED.length; round++) {
            EdgeProcess edge = startEdge("round-" + round);
            phase("round " + round + " edge started");
            long before = storedFiles();
            long killAt = before + KILL_AFTER_STORED[round];
            assertThat(killAt).as("round %d leaves work for the run", round).isLessThan(TOTAL);
            runPrefetch(edge);
            Poll.until(Duration.ofSeconds(30), "the prefetch stored " + KILL_AFTER_STORED[round] + " messages",
                    () -> storedFiles() >= killAt, () -> storedFiles() + " files; log:\n" + edge.log());
            phase("round " + round + " threshold reached");
            assertThat(edge.kill()).as("killed by SIGKILL").isEqualTo(EdgeProcess.KILLED_BY_SIGKILL);
            phase("round " + round + " killed with " + storedFiles() + " files");
            assertThat(edge.log()).as("the run was still in progress when the edge was killed")
                    .contains("prefetch run").doesNotContainPattern("prefetch run \\d+ completed");
            assertThat(storedFiles()).as("round %d: the kill came before the run ended", round).isLessThan(TOTAL);
            assertThat(storedFiles()).as("round %d: the run stored messages", round).isGreaterThanOrEqualTo(killAt);
        }
        assertCentralUnchanged();
        long storedBeforeRestart = storedFiles();

        // Restarted on the same data directory: each user sees the central maildrop, nothing more or less.
        EdgeProcess edge = startEdge("after-crash");
        phase("restarted");
        for (int u = 0; u < USERS; u++) {
            try (Pop3Wire pop = edge.connect()) {
                pop.login(user(u), password(u));
                assertThat(CentralTruth.uidl(pop).values()).as("listing of %s right after the restart", user(u))
                        .containsExactlyElementsOf(truth.get(user(u)).keySet());
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
        }

        // A complete run fetches only what the killed runs had not stored; what they had stored
        // is served as it is, so the downloads below show every message stored before a kill whole.
        runPrefetch(edge);
        Poll.until(Duration.ofSeconds(40), "a complete prefetch run", () -> runCompleted(edge), edge::log);
        phase("complete run");
        assertThat(JSON.readTree(edge.adminGet("api/prefetch").body()).path("run").path("messages").asLong())
                .as("messages the complete run fetched").isEqualTo(TOTAL - storedBeforeRestart);
        long fromCentral = counter(edge, "bytesFromCentral");
        for (int u = 0; u < USERS; u++) {
            downloadEverythingAndCompare(edge, u);
        }
        assertThat(counter(edge, "bytesFromCentral")).as("every message was cached: nothing came from the central server")
                .isEqualTo(fromCentral);
        assertCentralUnchanged();
        phase("downloaded again");
        edge.stop();
        phase("stopped");

        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dataDir))) {
            for (int u = 0; u < USERS; u++) {
                Map<String, byte[]> expected = truth.get(user(u));
                List<CachedMessage> cached = store.messages().list(user(u));
                assertThat(cached).extracting(CachedMessage::uid).as("cache of %s", user(u))
                        .containsExactlyInAnyOrderElementsOf(expected.keySet());
                for (CachedMessage m : cached) {
                    byte[] message = TestMail.unstuff(expected.get(m.uid()));
                    assertThat(TestMail.difference(store.messages().content(user(u), m.uid()).orElse(null), message))
                            .as("cached %s of %s", m.uid(), user(u)).isNull();
                    assertThat(m.size()).isEqualTo(message.length);
                }
            }
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("messages"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp")).toList()).as("no partial file left").isEmpty();
        }
    }

    /** Progress in the test's output file, to see where the time goes. */
    private void phase(String what) {
        System.out.printf("%s: %d ms%n", what, (System.nanoTime() - t0) / 1_000_000);
    }

    private EdgeProcess startEdge(String name) throws IOException {
        EdgeProcess edge = EdgeProcess.start(config, work.resolve(name + ".log"), adminPort);
        started.add(edge);
        return edge;
    }

    private static void runPrefetch(EdgeProcess edge) throws Exception {
        HttpResponse<String> run = edge.adminPost("api/prefetch/run", "{}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    }

    private static boolean runCompleted(EdgeProcess edge) throws Exception {
        HttpResponse<String> progress = edge.adminGet("api/prefetch");
        if (progress.statusCode() != 200) {
            return false;
        }
        JsonNode json = JSON.readTree(progress.body());
        return !json.get("running").asBoolean() && "completed".equals(json.path("run").path("outcome").asText())
                && json.path("run").path("usersDone").asInt() == USERS;
    }

    private static long counter(EdgeProcess edge, String name) throws Exception {
        HttpResponse<String> counters = edge.adminGet("api/counters");
        assertThat(counters.statusCode()).isEqualTo(200);
        return JSON.readTree(counters.body()).path("counters").path(name).asLong();
    }

    /** A subscriber's session through the edge: the central listing, every message byte-identical, QUIT. */
    private void downloadEverythingAndCompare(EdgeProcess edge, int u) throws IOException {
        Map<String, byte[]> expected = truth.get(user(u));
        try (Pop3Wire pop = edge.connect()) {
            pop.login(user(u), password(u));
            assertThat(pop.ask("STAT")).startsWith("+OK " + MESSAGES_PER_USER + " ");
            Map<Integer, String> listing = CentralTruth.uidl(pop);
            assertThat(listing.values()).as("listing of %s", user(u)).containsExactlyElementsOf(expected.keySet());
            for (Map.Entry<Integer, String> m : listing.entrySet()) {
                assertThat(pop.ask("RETR " + m.getKey())).startsWith("+OK");
                assertThat(TestMail.difference(pop.rawBody(), expected.get(m.getValue())))
                        .as("RETR %d (%s) of %s", m.getKey(), m.getValue(), user(u)).isNull();
            }
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
    }

    private void assertCentralUnchanged() throws Exception {
        for (int u = 0; u < USERS; u++) {
            assertThat(CentralTruth.uids(central.getPop3().getPort(), user(u), password(u)))
                    .as("central maildrop of %s", user(u)).containsExactlyElementsOf(truth.get(user(u)).keySet());
            GreenMailUser user = central.getUserManager().getUser(user(u));
            assertThat(central.getManagers().getImapHostManager().getInbox(user).getMessageCount())
                    .isEqualTo(MESSAGES_PER_USER);
        }
    }

    /** Message files the store has written completely (renamed into place). */
    private long storedFiles() {
        Path messages = dataDir.resolve("messages");
        if (!Files.isDirectory(messages)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(messages)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".msg")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a file renamed or a directory created while walking: look again
        }
    }

    private static String user(int u) {
        return "user%02d".formatted(u);
    }

    private static String password(int u) {
        return "pw-" + user(u);
    }
}
