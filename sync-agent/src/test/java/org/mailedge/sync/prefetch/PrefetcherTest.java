package org.mailedge.sync.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.prefetch.PrefetchRun;
import org.mailedge.db.users.Placement;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.RemoteMessage;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.prefetch.UserResult.Status;
import org.mailedge.sync.testsupport.AdvancingSleeper;
import org.mailedge.sync.testsupport.CredentialsFiles;
import org.mailedge.sync.testsupport.EdgeStoreFixture;
import org.mailedge.sync.testsupport.FakeClock;
import org.mailedge.sync.testsupport.GreenMailCentral;
import org.mailedge.sync.testsupport.ScriptedCentral;
import org.slf4j.LoggerFactory;

/** Prefetch against GreenMail as the central server, into the real H2 store. */
class PrefetcherTest {

    private static final String NODE = "edge-1";
    private static final String ALICE_PASSWORD = "Alice-Pa55w0rd";
    private static final String BOB_PASSWORD = "Bob-Pa55w0rd";
    private static final Duration HOUR = Duration.ofHours(1);

    /** 8-bit text, a leading dot, a ".." line and a lone "." line: what dot-stuffing or a charset could change. */
    private static final String BODY = "Grüße aus Köln\r\n.leading dot\r\n..\r\n.\r\nend\r\n";

    @TempDir
    Path dir;

    private GreenMailCentral central;
    private EdgeStore store;
    private final FakeClock clock = new FakeClock();
    private final AdvancingSleeper sleeper = new AdvancingSleeper(clock);
    private CentralCredentials credentials;

    @BeforeEach
    void setUp() throws Exception {
        central = new GreenMailCentral();
        central.addUser("alice", ALICE_PASSWORD);
        central.addUser("bob", BOB_PASSWORD);
        store = EdgeStoreFixture.open(dir.resolve("store"));
        store.users().setHome("alice", NODE);
        store.users().setHome("bob", NODE);
        credentials = CredentialsFiles.load(dir, "alice " + ALICE_PASSWORD + "\nbob:" + BOB_PASSWORD + "\n");
    }

    @AfterEach
    void tearDown() {
        store.close();
        central.close();
    }

    private Prefetcher prefetcher(PrefetchConfig config) {
        return prefetcher(config, central.endpoint());
    }

    private Prefetcher prefetcher(PrefetchConfig config, CentralEndpoint endpoint) {
        return new Prefetcher(store, endpoint, credentials, config, clock, sleeper);
    }

    private static PrefetchConfig config() {
        return PrefetchConfig.defaults(NODE);
    }

    private void deliver(String user, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            central.deliver(user, user + "-" + i, BODY);
        }
    }

    private Set<String> cachedUids(String user) {
        Set<String> uids = new java.util.HashSet<>();
        store.messages().list(user).forEach(message -> uids.add(message.uid()));
        return uids;
    }

    @Nested
    class WhatIsFetched {

        @Test
        void prefetchPullsExactlyTheMissingMessagesAndDeletesNothingCentrally() throws Exception {
            deliver("alice", 3);
            Map<String, byte[]> direct = central.retrieveAll("alice");
            String alreadyCached = direct.keySet().iterator().next();
            store.messages().put("alice", alreadyCached, direct.get(alreadyCached), clock.instant());

            UserResult result = prefetcher(config()).prefetchUser("alice");

            assertThat(result.status()).isEqualTo(Status.COMPLETE);
            assertThat(result.fetched()).isEqualTo(2);
            // POP3 STAT would also miss a message left \Deleted by a DELE without QUIT (GreenMail).
            assertThat(central.count("alice")).isEqualTo(3);
            assertThat(central.storedCount("alice")).isEqualTo(3);
            assertThat(cachedUids("alice")).isEqualTo(direct.keySet());
            for (Map.Entry<String, byte[]> message : direct.entrySet()) {
                assertThat(store.messages().content("alice", message.getKey())).hasValueSatisfying(
                        content -> assertThat(content).isEqualTo(message.getValue()));
            }
        }

        @Test
        void aSecondRunFetchesNothingNew() throws Exception {
            deliver("alice", 2);
            deliver("bob", 1);
            Prefetcher prefetcher = prefetcher(config());

            PrefetchRun first = prefetcher.runPlaced(HOUR, new Cancellation());
            PrefetchRun second = prefetcher.runPlaced(HOUR, new Cancellation());

            assertThat(first.messages()).isEqualTo(3);
            assertThat(second.messages()).isZero();
            assertThat(second.bytes()).isZero();
            assertThat(second.outcome()).contains(PrefetchOutcome.COMPLETED);
            assertThat(central.count("alice")).isEqualTo(2);
            assertThat(central.count("bob")).isEqualTo(1);
        }

        @Test
        void messagesRemovedAtTheCentralServerAreDroppedFromTheStore() throws Exception {
            deliver("alice", 3);
            Prefetcher prefetcher = prefetcher(config());
            prefetcher.prefetchUser("alice");
            String deletedElsewhere = central.listing("alice").get(1).uid();
            central.deleteElsewhere("alice", deletedElsewhere);

            UserResult result = prefetcher.prefetchUser("alice");

            assertThat(result.dropped()).isEqualTo(1);
            assertThat(result.fetched()).isZero();
            assertThat(cachedUids("alice")).hasSize(2).doesNotContain(deletedElsewhere);
        }

        @Test
        void tombstonedUidsAreNotFetchedAndTheirCachedCopyIsDropped() throws Exception {
            deliver("alice", 3);
            List<RemoteMessage> listing = central.listing("alice");
            String deletedByUser = listing.get(0).uid();
            String deletedByUserAndCached = listing.get(2).uid();
            store.messages().put("alice", deletedByUserAndCached, new byte[] {'x'}, clock.instant());
            store.deletes().enqueue("alice", List.of(deletedByUser, deletedByUserAndCached), clock.instant());

            UserResult result = prefetcher(config()).prefetchUser("alice");

            assertThat(cachedUids("alice")).containsExactly(listing.get(1).uid());
            assertThat(result.tombstoned()).isEqualTo(2);
            assertThat(result.dropped()).isEqualTo(1);
            // Prefetch leaves deletes to the delete propagation: the central server still has all three.
            assertThat(central.count("alice")).isEqualTo(3);
            assertThat(store.deletes().pendingUids("alice")).containsExactlyInAnyOrder(deletedByUser,
                    deletedByUserAndCached);
        }

        @Test
        void theSessionSendsNeitherDeleNorQuit() throws Exception {
            try (ScriptedCentral scripted = new ScriptedCentral(peer -> {
                peer.greetAndLogin("alice", ALICE_PASSWORD);
                peer.listing("uid-1");
                peer.expect("RETR 1");
                peer.send("+OK\r\nSubject: one\r\n\r\nbody\r\n.\r\n");
                peer.expect("UIDL 1");
                peer.send("+OK 1 uid-1\r\n");
                peer.drainUntilClosed();
            })) {
                UserResult result = prefetcher(config(), scripted.endpoint()).prefetchUser("alice");

                assertThat(result.status()).isEqualTo(Status.COMPLETE);
                scripted.close();
                assertThat(scripted.received()).containsExactly("USER alice", "PASS " + ALICE_PASSWORD, "UIDL",
                        "LIST", "RETR 1", "UIDL 1");
            }
        }

        @Test
        void theRunVisitsOnlyUsersPlacedAtThisNode() throws Exception {
            central.addUser("carol", "Carol-Pa55");
            store.users().setHome("carol", "edge-2");
            deliver("carol", 1);
            deliver("alice", 1);

            PrefetchRun run = prefetcher(config()).runPlaced(HOUR, new Cancellation());

            assertThat(run.usersPlanned()).isEqualTo(2);
            assertThat(cachedUids("carol")).isEmpty();
            assertThat(cachedUids("alice")).hasSize(1);
        }

        @Test
        void lastSeenPlacementPrefetchesTheUsersSeenHere() throws Exception {
            store.users().recordSeen("alice", "edge-2", clock.instant());
            deliver("alice", 1);
            deliver("bob", 1);

            prefetcher(config().withPlacement(Placement.LAST_SEEN)).runPlaced(HOUR, new Cancellation());

            assertThat(cachedUids("alice")).isEmpty();
            assertThat(cachedUids("bob")).hasSize(1);
        }
    }

    @Nested
    class RunRecord {

        @Test
        void aRunIsRecordedWithProgressAndOutcomeAndEachUsersPrefetchTime() throws Exception {
            deliver("alice", 2);
            deliver("bob", 1);

            PrefetchRun run = prefetcher(config()).runPlaced(HOUR, new Cancellation());

            assertThat(run.outcome()).contains(PrefetchOutcome.COMPLETED);
            assertThat(run.usersPlanned()).isEqualTo(2);
            assertThat(run.usersDone()).isEqualTo(2);
            assertThat(run.messages()).isEqualTo(3);
            assertThat(run.bytes()).isEqualTo(store.messages().totalBytes());
            assertThat(run.finishedAt()).isPresent();
            assertThat(store.prefetchRuns().recent(5)).containsExactly(run);
            assertThat(store.users().find("alice").orElseThrow().lastPrefetchAt()).contains(clock.instant());
        }

        @Test
        void prefetchingOneUserDirectlyRecordsNoRun() throws Exception {
            deliver("bob", 1);

            UserResult result = prefetcher(config()).prefetchUser("bob");

            assertThat(result.fetched()).isEqualTo(1);
            assertThat(store.prefetchRuns().recent(5)).isEmpty();
            assertThat(store.users().find("bob").orElseThrow().lastPrefetchAt()).isPresent();
        }

        @Test
        void usersAreVisitedMostRecentlySeenFirst() throws Exception {
            store.users().recordSeen("bob", NODE, clock.instant());
            deliver("alice", 1);
            deliver("bob", 1);
            AtomicReference<List<String>> cachedBeforeSecondMessage = new AtomicReference<>();
            // One message per second: the run waits once, before its second message.
            sleeper.onSleep(() -> cachedBeforeSecondMessage.set(store.messages().usersLeastRecentlySeenFirst()));

            prefetcher(config().withRates(0, 1)).runPlaced(HOUR, new Cancellation());

            assertThat(cachedBeforeSecondMessage.get()).containsExactly("bob");
        }
    }

    @Nested
    class Bounds {

        @Test
        void theRunStopsWhenTheWindowEnds() throws Exception {
            deliver("alice", 5);
            deliver("bob", 1);
            AtomicReference<PrefetchProgress> seenWhileRunning = new AtomicReference<>();
            Prefetcher prefetcher = prefetcher(config().withRates(0, 1));
            sleeper.onSleep(() -> seenWhileRunning.compareAndSet(null, prefetcher.liveProgress().orElseThrow()));

            PrefetchRun run = prefetcher.runPlaced(Duration.ofMillis(2500), new Cancellation());

            // One message per second from t=0: at 0, 1 and 2 s; the one due at 3 s is past the window.
            assertThat(run.outcome()).contains(PrefetchOutcome.WINDOW_ENDED);
            assertThat(run.messages()).isEqualTo(3);
            assertThat(run.usersDone()).isZero();
            assertThat(cachedUids("alice")).hasSize(3);
            assertThat(cachedUids("bob")).isEmpty();
            assertThat(seenWhileRunning.get().running()).isTrue();
            assertThat(seenWhileRunning.get().run().messages()).isEqualTo(1);
            assertThat(prefetcher.liveProgress()).isEmpty();
        }

        @Test
        void noNewUserIsStartedAfterTheWindow() throws Exception {
            deliver("alice", 2);
            deliver("bob", 1);
            // One message per second; alice's second starts at 1 s, inside the 1.5 s window,
            // but the wait before it overruns by 5 s (a slow thread): alice finishes, bob is
            // not started.
            Prefetcher prefetcher = prefetcher(config().withRates(0, 1));
            sleeper.onSleep(() -> clock.advance(Duration.ofSeconds(5)));

            PrefetchRun run = prefetcher.runPlaced(Duration.ofMillis(1500), new Cancellation());

            assertThat(run.outcome()).contains(PrefetchOutcome.WINDOW_ENDED);
            assertThat(run.usersDone()).isEqualTo(1);
            assertThat(cachedUids("alice")).hasSize(2);
            assertThat(cachedUids("bob")).isEmpty();
        }

        @Test
        void theByteRateSpacesTheMessagesByTheirSize() throws Exception {
            deliver("alice", 3);
            long total = central.retrieveAll("alice").values().stream().mapToLong(m -> m.length).sum();

            prefetcher(config().withRates(100, 0)).prefetchUser("alice");

            // The bucket starts with 100 octets; the octets stored beyond them are paid before
            // each next message, except for the last message's, which the next fetch would pay.
            byte[] last = central.retrieveAll("alice").values().stream().reduce((a, b) -> b).orElseThrow();
            assertThat(sleeper.total()).isEqualTo(Duration.ofMillis((total - last.length - 100) * 10));
        }

        @Test
        void aCancelledRunStopsAfterTheMessageInFlight() throws Exception {
            deliver("alice", 3);
            Cancellation cancellation = new Cancellation();
            sleeper.onSleep(cancellation::cancel);

            PrefetchRun run = prefetcher(config().withRates(0, 1)).runPlaced(HOUR, cancellation);

            assertThat(run.outcome()).contains(PrefetchOutcome.INTERRUPTED);
            assertThat(cachedUids("alice")).hasSize(2);
        }

        @Test
        void thePerUserCapStopsFetchingForThatUserAndIsNeverExceeded() throws Exception {
            deliver("alice", 3);
            deliver("bob", 1);
            List<byte[]> sizes = new ArrayList<>(central.retrieveAll("alice").values());
            long cap = sizes.get(0).length + sizes.get(1).length + sizes.get(2).length - 1;
            Prefetcher prefetcher = prefetcher(config().withCaps(cap, 0));

            UserResult alice = prefetcher.prefetchUser("alice");
            UserResult bob = prefetcher.prefetchUser("bob");

            assertThat(alice.status()).isEqualTo(Status.USER_CAP_REACHED);
            assertThat(alice.fetched()).isEqualTo(2);
            assertThat(store.messages().bytes("alice")).isLessThanOrEqualTo(cap);
            assertThat(bob.status()).isEqualTo(Status.COMPLETE);
        }
    }

    @Nested
    class TotalCap {

        private static final byte[] KILOBYTE = new byte[1000];

        private void cacheSeenUser(String user, Instant seen) {
            store.users().recordSeen(user, "edge-9", seen);
            store.messages().put(user, user + "-uid", KILOBYTE, seen);
        }

        @Test
        void roomIsMadeByEvictingWholeUsersLeastRecentlySeenFirst() throws Exception {
            deliver("alice", 2);
            long aliceBytes = central.retrieveAll("alice").values().stream().mapToLong(m -> m.length).sum();
            Instant t = clock.instant();
            cacheSeenUser("recent", t.minusSeconds(10));
            cacheSeenUser("oldest", t.minusSeconds(30));
            cacheSeenUser("middle", t.minusSeconds(20));

            UserResult result = prefetcher(config().withCaps(0, 3000 + aliceBytes - 1)).prefetchUser("alice");

            assertThat(result.status()).isEqualTo(Status.COMPLETE);
            assertThat(result.evicted()).isEqualTo(1);
            assertThat(store.messages().list("oldest")).isEmpty();
            assertThat(store.messages().list("middle")).hasSize(1);
            assertThat(store.messages().list("recent")).hasSize(1);
            assertThat(store.messages().totalBytes()).isLessThanOrEqualTo(3000 + aliceBytes - 1);
        }

        @Test
        void theUserBeingFetchedIsNeverEvictedAndFetchingStopsWhenNobodyElseMayBe() throws Exception {
            for (int i = 1; i <= 3; i++) {
                central.deliverSized("alice", "big-" + i, 3000);
            }
            List<byte[]> sizes = new ArrayList<>(central.retrieveAll("alice").values());
            long cap = sizes.get(0).length + sizes.get(1).length + 500;
            cacheSeenUser("other", clock.instant().minusSeconds(10));
            // alice seen longer ago than "other": least recently seen, and still not evicted.
            store.users().recordSeen("alice", NODE, clock.instant().minusSeconds(3600));

            UserResult result = prefetcher(config().withCaps(0, cap)).prefetchUser("alice");

            assertThat(result.status()).isEqualTo(Status.TOTAL_CAP_REACHED);
            assertThat(result.fetched()).isEqualTo(2);
            assertThat(store.messages().list("other")).isEmpty();
            assertThat(store.messages().totalBytes()).isLessThanOrEqualTo(cap);
        }

        @Test
        void aRunDoesNotEvictTheUsersItAlreadyFetched() throws Exception {
            deliver("alice", 2);
            deliver("bob", 2);
            long aliceBytes = central.retrieveAll("alice").values().stream().mapToLong(m -> m.length).sum();

            PrefetchRun run = prefetcher(config().withCaps(0, aliceBytes + 10)).runPlaced(HOUR, new Cancellation());

            assertThat(run.outcome()).contains(PrefetchOutcome.COMPLETED);
            assertThat(cachedUids("alice")).hasSize(2);
            assertThat(cachedUids("bob")).isEmpty();
        }
    }

    @Nested
    class Failures {

        @Test
        void aRefusedLoginSkipsThatUserAndTheRunGoesOn() throws Exception {
            credentials = CredentialsFiles.load(dir, "alice wrong-password\nbob " + BOB_PASSWORD + "\n");
            deliver("alice", 1);
            deliver("bob", 1);

            PrefetchRun run = prefetcher(config()).runPlaced(HOUR, new Cancellation());

            assertThat(run.outcome()).contains(PrefetchOutcome.COMPLETED);
            assertThat(run.usersDone()).isEqualTo(2);
            assertThat(cachedUids("alice")).isEmpty();
            assertThat(cachedUids("bob")).hasSize(1);
        }

        @Test
        void aSecondPrefetchOfAUserBeingPrefetchedReturnsAtOnceWithoutASecondSession() throws Exception {
            deliver("alice", 2);
            Prefetcher prefetcher = prefetcher(config().withRates(0, 1));
            AtomicReference<UserResult> second = new AtomicReference<>();
            // A notification for alice arriving while her first prefetch waits before its second message.
            sleeper.onSleep(() -> second.set(prefetcher.prefetchUser("alice")));

            UserResult first = prefetcher.prefetchUser("alice");

            assertThat(second.get().status()).isEqualTo(Status.ALREADY_RUNNING);
            assertThat(first.status()).isEqualTo(Status.COMPLETE);
            assertThat(first.fetched()).isEqualTo(2);
        }

        @Test
        void aUserWithoutCredentialsIsSkipped() throws Exception {
            credentials = CredentialsFiles.load(dir, "bob " + BOB_PASSWORD + "\n");
            deliver("alice", 1);

            assertThat(prefetcher(config()).prefetchUser("alice").status()).isEqualTo(Status.NO_CREDENTIALS);
        }

        @Test
        void aDeadCentralServerEndsTheRunAfterTheConfiguredFailuresInARow() throws Exception {
            for (String user : List.of("carol", "dave", "erin")) {
                store.users().setHome(user, NODE);
            }
            credentials = CredentialsFiles.load(dir, "alice a\nbob b\ncarol c\ndave d\nerin e\n");

            PrefetchRun run = prefetcher(config(), closedPortEndpoint()).runPlaced(HOUR, new Cancellation());

            assertThat(run.outcome()).contains(PrefetchOutcome.FAILED_PREFIX + "central server unavailable (3 users in a row)");
            assertThat(run.usersDone()).isEqualTo(3);
            assertThat(run.usersPlanned()).isEqualTo(5);
        }

        @Test
        void noPasswordReachesAnyLogLine() throws Exception {
            Logger logger = (Logger) LoggerFactory.getLogger("org.mailedge");
            ListAppender<ILoggingEvent> events = new ListAppender<>();
            Level previous = logger.getLevel();
            logger.setLevel(Level.DEBUG);
            events.start();
            logger.addAppender(events);
            try {
                credentials = CredentialsFiles.load(dir, "alice Wrong-" + ALICE_PASSWORD + "\nbob " + BOB_PASSWORD + "\n");
                deliver("alice", 1);
                deliver("bob", 1);

                prefetcher(config()).runPlaced(HOUR, new Cancellation());
            } finally {
                logger.detachAppender(events);
                logger.setLevel(previous);
            }

            assertThat(events.list).isNotEmpty();
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains(ALICE_PASSWORD) || message.contains(BOB_PASSWORD));
        }

        private CentralEndpoint closedPortEndpoint() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            return new CentralEndpoint("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2),
                    CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);
        }
    }
}
