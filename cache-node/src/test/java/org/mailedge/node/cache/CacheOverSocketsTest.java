package org.mailedge.node.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.cache.CachedMessage;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Wire;

/**
 * The cache aspect over real sockets: prefetch into the store, POP3 served from it after the
 * UID handshake with the central server (GreenMail), deletes carried to the central server or
 * queued durably, and the central server going away.
 */
class CacheOverSocketsTest {

    /** 8-bit UTF-8 text, a leading-dot line, a ".." line and a lone "." line, CRLF throughout. */
    private static final byte[] TRICKY = ("From: sender@example.test\r\nTo: alice@central.test\r\nSubject: tricky\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Grüße aus Köln – ½ € 😀\r\n.leading dot\r\n..\r\n.\r\nafter the lone dot\r\n").getBytes(StandardCharsets.UTF_8);

    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start();
        alice = node.user("alice", "secret");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private EdgeCounters.Snapshot counters() {
        return node.edge.counters().snapshot();
    }

    private EdgeStore store() {
        return node.edge.store().orElseThrow();
    }

    private List<String> cachedUids(String user) {
        return store().messages().list(user).stream().map(CachedMessage::uid).sorted().toList();
    }

    /** RETR n straight from the central server, as the wire carries it. */
    private byte[] centralRetr(int n) throws Exception {
        try (Pop3Wire central = node.connectCentral()) {
            central.login("alice", "secret");
            assertThat(central.ask("RETR " + n)).startsWith("+OK");
            return central.rawBody();
        }
    }

    private byte[] edgeRetr(Pop3Wire pop, int n) throws Exception {
        assertThat(pop.ask("RETR " + n)).startsWith("+OK");
        return pop.rawBody();
    }

    @Test
    void aMessageRetrievedOnceIsServedFromTheCacheByteForByteAfterTheUidHandshake() throws Exception {
        node.deliverRaw(alice, TRICKY);
        byte[] truth = centralRetr(1);
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(edgeRetr(pop, 1)).isEqualTo(truth);
            pop.ask("QUIT");
        }
        assertThat(counters().bytesFromCentral()).isPositive();
        assertThat(counters().bytesFromEdge()).isZero();
        assertThat(cachedUids("alice")).hasSize(1);

        node.clock.advance(Duration.ofMinutes(20));
        long centralBytes = counters().bytesFromCentral();
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(counters().passedThrough()).as("the second check went through: a handshake").isEqualTo(2);
            assertThat(edgeRetr(pop, 1)).isEqualTo(truth);
            assertThat(pop.ask("TOP 1 1")).startsWith("+OK");
            assertThat(new String(pop.rawBody(), StandardCharsets.UTF_8)).contains("Subject: tricky").contains("Grüße")
                    .doesNotContain("leading dot");
        }
        assertThat(counters().bytesFromCentral()).as("nothing fetched centrally again").isEqualTo(centralBytes);
        assertThat(counters().bytesFromEdge()).isPositive();
    }

    /**
     * Regression: TOP of a cached message counted the whole stored message as served from the
     * edge (mpop's header filter, TOP n 0 over a maildrop, made the counter report three times
     * the bytes any client received in the interop suite).
     */
    @Test
    void topOfACachedMessageCountsOnlyTheBytesItServes() throws Exception {
        node.deliver(alice, "long", "line of a long body\r\n".repeat(500));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            edgeRetr(pop, 1);
            pop.ask("QUIT");
        }
        assertThat(cachedUids("alice")).hasSize(1);
        long centralBytes = counters().bytesFromCentral();
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
            assertThat(pop.ask("TOP 1 0")).startsWith("+OK");
            byte[] header = pop.rawBody();
            assertThat(new String(header, StandardCharsets.UTF_8)).contains("Subject: long").doesNotContain("long body");
            assertThat(counters().bytesFromEdge()).as("only the header and its blank line").isEqualTo(header.length);
            pop.ask("QUIT");
        }
        assertThat(counters().bytesFromCentral()).as("TOP was served from the cache").isEqualTo(centralBytes);
    }

    @Test
    void aMessageDeletedAtTheCentralServerByAnotherClientIsNeverServedFromTheCache() throws Exception {
        node.deliver(alice, "one", "first");
        node.deliver(alice, "two", "second");
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            edgeRetr(pop, 1);
            edgeRetr(pop, 2);
            pop.ask("QUIT");
        }
        assertThat(cachedUids("alice")).hasSize(2);
        try (Pop3Wire other = node.connectCentral()) {
            other.login("alice", "secret");
            assertThat(other.ask("DELE 1")).startsWith("+OK");
            assertThat(other.ask("QUIT")).startsWith("+OK");
        }
        node.clock.advance(Duration.ofMinutes(2));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(counters().answeredAtEdge()).as("attenuated: the old listing").isEqualTo(1);
            assertThat(pop.ask("STAT")).startsWith("+OK 2 ");
            assertThat(pop.ask("RETR 1")).as("the handshake finds the UID gone").startsWith("-ERR");
            assertThat(new String(edgeRetr(pop, 2), StandardCharsets.UTF_8)).contains("Subject: two");
        }
        assertThat(counters().uidMismatches()).isEqualTo(1);
        assertThat(cachedUids("alice")).hasSize(1);
    }

    @Test
    void aUserWhoDeletedMailAtAnotherEdgeNodeDoesNotSeeItAgainHere() throws Exception {
        node.deliver(alice, "one", "first");
        node.deliver(alice, "two", "second");
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            edgeRetr(pop, 1);
            edgeRetr(pop, 2);
            pop.ask("QUIT");
        }
        try (EdgeNode otherNode = node.anotherEdge();
             Pop3Wire pop = Pop3Wire.connect(otherNode.pop3Port())) {
            pop.login("alice", "secret");
            assertThat(pop.ask("DELE 1")).startsWith("+OK");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        node.clock.advance(Duration.ofMinutes(20));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
            assertThat(new String(edgeRetr(pop, 1), StandardCharsets.UTF_8)).contains("Subject: two");
        }
        assertThat(cachedUids("alice")).hasSize(1);
    }

    @Test
    void aDeleteIsCarriedOutAtTheCentralServerAndDroppedFromTheCache() throws Exception {
        node.deliver(alice, "one", "first");
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            edgeRetr(pop, 1);
            assertThat(pop.ask("DELE 1")).startsWith("+OK");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        assertThat(node.centralMessageCount(alice)).isZero();
        assertThat(cachedUids("alice")).isEmpty();
        assertThat(store().deletes().size()).isZero();
    }

    @Nested
    class CentralServerDown {

        private void downloadOnce() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                edgeRetr(pop, 1);
                edgeRetr(pop, 2);
                pop.ask("QUIT");
            }
        }

        @Test
        void aVerifiedUserCanStillCheckAndDownloadCachedMail() throws Exception {
            node.deliver(alice, "one", "first");
            node.deliver(alice, "two", "second");
            downloadOnce();
            node.link.down();
            node.clock.advance(Duration.ofMinutes(20));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).startsWith("+OK 2 ");
                assertThat(new String(edgeRetr(pop, 2), StandardCharsets.UTF_8)).contains("Subject: two");
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(counters().servedOffline()).isEqualTo(1);
        }

        @Test
        void aWrongPasswordIsNotServedFromTheCache() throws Exception {
            node.deliver(alice, "one", "first");
            node.deliver(alice, "two", "second");
            downloadOnce();
            node.link.down();
            node.clock.advance(Duration.ofMinutes(20));
            try (Pop3Wire pop = node.connect()) {
                pop.ask("USER alice");
                assertThat(pop.ask("PASS guess")).startsWith("-ERR [SYS/TEMP]");
            }
        }

        @Test
        void aDeleteWhileTheCentralServerIsDownIsQueuedNeverServedAgainAndDeliveredLater() throws Exception {
            try (CentralAndEdge retrying = CentralAndEdge.startWithPrefetch("")) {
                GreenMailUser bob = bobReadHisMailThenTheCentralServerWentDown(retrying);
                try (Pop3Wire pop = retrying.connect()) {
                    pop.login("bob", "pw");
                    assertThat(pop.ask("DELE 1")).startsWith("+OK");
                    assertThat(pop.ask("QUIT")).as("queued durably: the client is told it is done").startsWith("+OK");
                }
                EdgeStore bobStore = retrying.edge.store().orElseThrow();
                assertThat(bobStore.deletes().pendingUids("bob")).hasSize(1);
                assertThat(retrying.centralMessageCount(bob)).isEqualTo(2);

                retrying.restartEdge();
                assertThat(retrying.edge.store().orElseThrow().deletes().pendingUids("bob"))
                        .as("the tombstone survives a restart").hasSize(1);
                try (Pop3Wire pop = retrying.connect()) {
                    pop.ask("USER bob");
                    assertThat(pop.ask("PASS pw")).as("central down and soft state gone").startsWith("-ERR [SYS/TEMP]");
                }
                retrying.link.up();
                retrying.clock.advance(Duration.ofHours(1)); // past the back-off of the attempts made while it was down
                await(() -> retrying.edge.store().orElseThrow().deletes().size() == 0, "the queued delete reaches the central server");
                assertThat(retrying.centralMessageCount(bob)).isEqualTo(1);
                try (Pop3Wire pop = retrying.connect()) {
                    pop.login("bob", "pw");
                    assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
                    assertThat(pop.ask("RETR 1")).startsWith("+OK");
                    assertThat(pop.body()).contains("Subject: two");
                }
            }
        }

        @Test
        void withRefuseTheCentralServerBeingDownIsATemporaryFailure() throws Exception {
            try (CentralAndEdge refusing = CentralAndEdge.start("cache: {when-central-down: refuse}\n")) {
                bobReadHisMailThenTheCentralServerWentDown(refusing);
                try (Pop3Wire pop = refusing.connect()) {
                    pop.ask("USER bob");
                    assertThat(pop.ask("PASS pw")).startsWith("-ERR [SYS/TEMP]");
                }
            }
        }
    }

    @Test
    void prefetchPullsMailIntoTheStoreSoTheFirstDownloadComesFromTheEdge() throws Exception {
        try (CentralAndEdge prefetching = CentralAndEdge.startWithPrefetch("")) {
            GreenMailUser carol = prefetching.user("carol", "pw");
            prefetching.deliver(carol, "one", "first");
            prefetching.deliver(carol, "two", "second");
            prefetching.edge.scheduler().orElseThrow().runNow(Optional.of("carol"));
            await(() -> prefetching.edge.store().orElseThrow().messages().list("carol").size() == 2, "prefetch of carol");
            assertThat(prefetching.centralMessageCount(carol)).as("prefetch deletes nothing").isEqualTo(2);
            try (Pop3Wire pop = prefetching.connect()) {
                pop.login("carol", "pw");
                pop.ask("RETR 1");
                assertThat(pop.body()).contains("Subject: one");
                pop.ask("RETR 2");
                assertThat(pop.body()).contains("Subject: two");
            }
            assertThat(prefetching.edge.counters().snapshot().bytesFromCentral()).isZero();
            assertThat(prefetching.edge.counters().snapshot().bytesFromEdge()).isPositive();
        }
    }

    /** bob has two messages, retrieved the first through the edge, and then the central server went away. */
    private static GreenMailUser bobReadHisMailThenTheCentralServerWentDown(CentralAndEdge fixture) throws Exception {
        GreenMailUser bob = fixture.user("bob", "pw");
        fixture.deliver(bob, "one", "first");
        fixture.deliver(bob, "two", "second");
        try (Pop3Wire pop = fixture.connect()) {
            pop.login("bob", "pw");
            pop.ask("RETR 1");
            pop.body();
            pop.ask("QUIT");
        }
        fixture.link.down();
        fixture.clock.advance(Duration.ofMinutes(20));
        return bob;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 20 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
