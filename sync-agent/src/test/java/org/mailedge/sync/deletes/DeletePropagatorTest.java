package org.mailedge.sync.deletes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.deletes.PendingDelete;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.CentralSession;
import org.mailedge.sync.LoginResult;
import org.mailedge.sync.RemoteMessage;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.testsupport.CredentialsFiles;
import org.mailedge.sync.testsupport.EdgeStoreFixture;
import org.mailedge.sync.testsupport.FakeClock;
import org.mailedge.sync.testsupport.GreenMailCentral;
import org.mailedge.sync.testsupport.ScriptedCentral;

/** Delete propagation against GreenMail (and a scripted server where GreenMail cannot misbehave). */
class DeletePropagatorTest {

    private static final String ALICE_PASSWORD = "Alice-Pa55";
    private static final String BOB_PASSWORD = "Bob-Pa55";

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private GreenMailCentral central;
    private EdgeStore store;
    private CentralCredentials credentials;

    @BeforeEach
    void setUp() throws Exception {
        central = new GreenMailCentral();
        central.addUser("alice", ALICE_PASSWORD);
        central.addUser("bob", BOB_PASSWORD);
        store = EdgeStoreFixture.open(dir.resolve("store"));
        credentials = CredentialsFiles.load(dir, "alice " + ALICE_PASSWORD + "\nbob " + BOB_PASSWORD + "\n");
    }

    @AfterEach
    void tearDown() {
        store.close();
        central.close();
    }

    private DeletePropagator propagator(CentralEndpoint endpoint) {
        return new DeletePropagator(store, endpoint, credentials, clock);
    }

    private List<String> deliverAndList(String user, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            central.deliver(user, user + "-" + i, "message " + i + "\r\n");
        }
        return central.listing(user).stream().map(RemoteMessage::uid).toList();
    }

    private CentralSession subscriberSession(CentralEndpoint endpoint, String user, String password) throws Exception {
        CentralSession session = CentralSession.open(endpoint);
        assertThat(session.login(user, password)).isInstanceOf(LoginResult.Accepted.class);
        return session;
    }

    private PendingDelete onlyPending(String user) {
        List<PendingDelete> pending = store.deletes().pending(user);
        assertThat(pending).hasSize(1);
        return pending.get(0);
    }

    @Nested
    class InTheSubscribersSession {

        @Test
        void queuedDeletesReachTheCentralServerAndAreDoneOnlyAfterQuit() throws Exception {
            List<String> uids = deliverAndList("alice", 3);
            store.messages().put("alice", uids.get(0), new byte[] {'x'}, clock.instant());
            store.deletes().enqueue("alice", List.of(uids.get(0), uids.get(2)), clock.instant());
            CentralSession session = subscriberSession(central.endpoint(), "alice", ALICE_PASSWORD);

            Flush flush = propagator(central.endpoint()).flushInSession("alice", session, session.listing());

            assertThat(flush.markedUids()).containsExactlyInAnyOrder(uids.get(0), uids.get(2));
            assertThat(store.deletes().pendingUids("alice")).containsExactlyInAnyOrder(uids.get(0), uids.get(2));

            assertThat(flush.commit(session.quit())).isTrue();

            assertThat(store.deletes().pendingUids("alice")).isEmpty();
            assertThat(store.messages().list("alice")).isEmpty();
            assertThat(central.listing("alice")).extracting(RemoteMessage::uid).containsExactly(uids.get(1));
        }

        @Test
        void aUidTheListingNoLongerNamesIsDoneAtOnceWithoutDele() throws Exception {
            List<String> uids = deliverAndList("alice", 2);
            store.deletes().enqueue("alice", List.of("deleted-from-another-edge"), clock.instant());
            CentralSession session = subscriberSession(central.endpoint(), "alice", ALICE_PASSWORD);

            Flush flush = propagator(central.endpoint()).flushInSession("alice", session, session.listing());
            session.quit();

            assertThat(flush.isEmpty()).isTrue();
            assertThat(flush.alreadyGoneUids()).containsExactly("deleted-from-another-edge");
            assertThat(store.deletes().size()).isZero();
            assertThat(central.listing("alice")).extracting(RemoteMessage::uid).isEqualTo(uids);
        }

        @Test
        void aSessionThatEndsWithoutQuitDeletesNothingAndLeavesTheEntriesQueued() throws Exception {
            List<String> uids = deliverAndList("alice", 2);
            store.deletes().enqueue("alice", List.of(uids.get(0)), clock.instant());
            CentralSession session = subscriberSession(central.endpoint(), "alice", ALICE_PASSWORD);

            propagator(central.endpoint()).flushInSession("alice", session, session.listing());
            session.close();

            assertThat(store.deletes().pendingUids("alice")).containsExactly(uids.get(0));
            assertThat(central.storedCount("alice")).isEqualTo(2);
        }

        @Test
        void anErrToQuitCommitsNothing() throws Exception {
            store.deletes().enqueue("alice", List.of("u1"), clock.instant());
            try (ScriptedCentral scripted = new ScriptedCentral(peer -> {
                peer.greetAndLogin("alice", ALICE_PASSWORD);
                peer.listing("u1", "u2");
                peer.expect("DELE 1");
                peer.send("+OK marked\r\n");
                peer.expect("QUIT");
                peer.send("-ERR some deleted messages not removed\r\n");
            })) {
                CentralSession session = subscriberSession(scripted.endpoint(), "alice", ALICE_PASSWORD);
                Flush flush = propagator(scripted.endpoint()).flushInSession("alice", session, session.listing());

                assertThat(flush.commit(session.quit())).isFalse();
            }

            assertThat(store.deletes().pendingUids("alice")).containsExactly("u1");
        }

        @Test
        void aRefusedDeleStaysQueued() throws Exception {
            store.deletes().enqueue("alice", List.of("u2"), clock.instant());
            try (ScriptedCentral scripted = new ScriptedCentral(peer -> {
                peer.greetAndLogin("alice", ALICE_PASSWORD);
                peer.listing("u1", "u2");
                peer.expect("DELE 2");
                peer.send("-ERR message 2 already deleted\r\n");
                peer.drainUntilClosed();
            })) {
                CentralSession session = subscriberSession(scripted.endpoint(), "alice", ALICE_PASSWORD);
                Flush flush = propagator(scripted.endpoint()).flushInSession("alice", session, session.listing());
                session.close();

                assertThat(flush.refusedUids()).containsExactly("u2");
                assertThat(flush.markedUids()).isEmpty();
            }
            assertThat(store.deletes().pendingUids("alice")).containsExactly("u2");
        }
    }

    @Nested
    class InTheBackground {

        @Test
        void queuedDeletesReachTheCentralServerAndNothingElseIsDeleted() throws Exception {
            List<String> alice = deliverAndList("alice", 3);
            List<String> bob = deliverAndList("bob", 2);
            store.deletes().enqueue("alice", List.of(alice.get(1), "gone-already"), clock.instant());
            store.deletes().enqueue("bob", List.of(bob.get(0)), clock.instant());

            RetryReport report = propagator(central.endpoint()).retryDue();

            assertThat(report).isEqualTo(new RetryReport(2, 1, 0, 0));
            assertThat(store.deletes().size()).isZero();
            assertThat(central.listing("alice")).extracting(RemoteMessage::uid)
                    .containsExactly(alice.get(0), alice.get(2));
            assertThat(central.listing("bob")).extracting(RemoteMessage::uid).containsExactly(bob.get(1));
        }

        @Test
        void anEntryIsMarkedDoneOnlyAfterTheQuitSucceeded() throws Exception {
            store.deletes().enqueue("alice", List.of("u2"), clock.instant());
            AtomicReference<Set<String>> queuedAtQuit = new AtomicReference<>();
            try (ScriptedCentral scripted = new ScriptedCentral(peer -> {
                peer.greetAndLogin("alice", ALICE_PASSWORD);
                peer.listing("u1", "u2", "u3");
                peer.expect("DELE 2");
                peer.send("+OK marked\r\n");
                peer.expect("QUIT");
                queuedAtQuit.set(store.deletes().pendingUids("alice"));
                peer.send("+OK bye\r\n");
            })) {
                RetryReport report = propagator(scripted.endpoint()).retryDue();

                assertThat(report.deleted()).isEqualTo(1);
            }

            assertThat(queuedAtQuit.get()).containsExactly("u2");
            assertThat(store.deletes().size()).isZero();
        }

        @Test
        void aUidNoLongerAtTheCentralServerIsDoneWithoutAnyDele() throws Exception {
            store.deletes().enqueue("alice", List.of("u9"), clock.instant());
            ScriptedCentral scripted = new ScriptedCentral(peer -> {
                peer.greetAndLogin("alice", ALICE_PASSWORD);
                peer.listing("u1", "u2");
                peer.drainUntilClosed();
            });

            RetryReport report = propagator(scripted.endpoint()).retryDue();
            scripted.close();

            assertThat(report).isEqualTo(new RetryReport(0, 1, 0, 0));
            assertThat(store.deletes().size()).isZero();
            assertThat(scripted.received()).containsExactly("USER alice", "PASS " + ALICE_PASSWORD, "UIDL", "LIST");
        }

        @Test
        void anErrToQuitLeavesTheEntryQueuedWithBackOff() throws Exception {
            store.deletes().enqueue("alice", List.of("u1"), clock.instant());
            try (ScriptedCentral scripted = new ScriptedCentral(peer -> {
                peer.greetAndLogin("alice", ALICE_PASSWORD);
                peer.listing("u1");
                peer.expect("DELE 1");
                peer.send("+OK marked\r\n");
                peer.expect("QUIT");
                peer.send("-ERR some deleted messages not removed\r\n");
            })) {
                RetryReport report = propagator(scripted.endpoint()).retryDue();

                assertThat(report).isEqualTo(new RetryReport(0, 0, 1, 0));
            }

            PendingDelete entry = onlyPending("alice");
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
        }

        @Test
        void aFailureBacksOffThirtySecondsDoubling() throws Exception {
            store.deletes().enqueue("alice", List.of("u1"), clock.instant());
            DeletePropagator propagator = propagator(closedPortEndpoint());
            Instant start = clock.instant();

            assertThat(propagator.retryDue()).isEqualTo(new RetryReport(0, 0, 1, 0));
            assertThat(onlyPending("alice").nextAttemptAt()).isEqualTo(start.plusSeconds(30));

            assertThat(propagator.retryDue()).isEqualTo(RetryReport.NOTHING);

            clock.advance(Duration.ofSeconds(30));
            propagator.retryDue();
            assertThat(onlyPending("alice").attempts()).isEqualTo(2);
            assertThat(onlyPending("alice").nextAttemptAt()).isEqualTo(start.plusSeconds(30 + 60));

            clock.advance(Duration.ofSeconds(60));
            propagator.retryDue();
            assertThat(onlyPending("alice").attempts()).isEqualTo(3);
            assertThat(onlyPending("alice").nextAttemptAt()).isEqualTo(start.plusSeconds(30 + 60 + 120));
        }

        @Test
        void anUnreachableServerEndsThePassAndTheOtherUsersAreNotChargedAnAttempt() throws Exception {
            store.deletes().enqueue("alice", List.of("u1"), clock.instant());
            clock.advance(Duration.ofSeconds(1));
            store.deletes().enqueue("bob", List.of("b1"), clock.instant());

            RetryReport report = propagator(closedPortEndpoint()).retryDue();

            assertThat(report).isEqualTo(new RetryReport(0, 0, 1, 1));
            assertThat(onlyPending("alice").attempts()).isEqualTo(1);
            assertThat(onlyPending("bob").attempts()).isZero();
            assertThat(store.deletes().due(clock.instant(), 10)).extracting(PendingDelete::user).containsExactly("bob");
        }

        @Test
        void aRefusedLoginBacksOffThatUserWhileTheOthersProceed() throws Exception {
            credentials = CredentialsFiles.load(dir, "alice wrong\nbob " + BOB_PASSWORD + "\n");
            List<String> alice = deliverAndList("alice", 1);
            List<String> bob = deliverAndList("bob", 1);
            store.deletes().enqueue("alice", alice, clock.instant());
            store.deletes().enqueue("bob", bob, clock.instant());

            RetryReport report = propagator(central.endpoint()).retryDue();

            assertThat(report).isEqualTo(new RetryReport(1, 0, 1, 0));
            assertThat(onlyPending("alice").attempts()).isEqualTo(1);
            assertThat(store.deletes().pending("bob")).isEmpty();
            assertThat(central.count("alice")).isEqualTo(1);
            assertThat(central.count("bob")).isZero();
        }

        @Test
        void aUserWithoutCredentialsBacksOff() throws Exception {
            credentials = CredentialsFiles.load(dir, "bob " + BOB_PASSWORD + "\n");
            store.deletes().enqueue("alice", List.of("u1"), clock.instant());

            assertThat(propagator(central.endpoint()).retryDue()).isEqualTo(new RetryReport(0, 0, 1, 0));
            assertThat(onlyPending("alice").attempts()).isEqualTo(1);
        }
    }

    private static CentralEndpoint closedPortEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return new CentralEndpoint("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2),
                CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);
    }
}
