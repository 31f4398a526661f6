package org.mailedge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CentralSession against a scripted fake central server that misbehaves on purpose, grouped
 * by threat. The scripts read like RFC 1939 transcripts: {@code send} is the server,
 * {@code expect} is what the edge must say.
 */
class CentralSessionHostileServerTest {

    private static final String USER = ScriptedServer.USER;
    private static final String PASSWORD = ScriptedServer.PASSWORD;

    /** Long enough that only a cap, never this timeout, can end the cap tests quickly. */
    private static final Duration PATIENT = Duration.ofSeconds(30);
    /** Well below PATIENT: a cap must trip on the octets already received. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Nested
    class UnreachableOrUnwillingServer {

        @Test
        void aClosedPortIsUnavailable() throws Exception {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }

            assertThatThrownBy(() -> CentralSession.open(CentralEndpoint.of("127.0.0.1", port)))
                    .isExactlyInstanceOf(CentralUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }

        @Test
        void anErrGreetingIsUnavailable() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("-ERR [SYS/TEMP] maintenance\r\n");
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(server.endpoint()))
                    .isExactlyInstanceOf(CentralUnavailableException.class)
                    .hasMessageContaining("-ERR [SYS/TEMP] maintenance");
        }

        @Test
        void aGreetingThatIsNoPop3ReplyIsAProtocolError() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("220 smtp.example.org ESMTP\r\n");
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(server.endpoint()))
                    .isInstanceOf(CentralProtocolException.class);
        }

        @Test
        void aSilentServerTimesOutAfterTheReadTimeout() throws Exception {
            server = ScriptedServer.start(ScriptedServer.Peer::drainUntilClosed);
            CentralEndpoint endpoint = server.endpoint(Duration.ofMillis(300),
                    CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);

            assertThatThrownBy(() -> CentralSession.open(endpoint))
                    .isExactlyInstanceOf(CentralUnavailableException.class)
                    .hasMessageContaining("timed out")
                    .hasCauseInstanceOf(SocketTimeoutException.class);
        }

        @Test
        void aServerThatStopsAnsweringMidSessionTimesOut() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("STAT");
                peer.drainUntilClosed();
            });
            CentralSession session = CentralSession.open(server.endpoint(Duration.ofMillis(300),
                    CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES));
            session.login(USER, PASSWORD);

            assertThatThrownBy(session::stat)
                    .isExactlyInstanceOf(CentralUnavailableException.class)
                    .hasMessageContaining("STAT");
        }
    }

    @Nested
    class OverlongLines {

        @Test
        void aHundredKilobyteLineWithoutLineFeedIsRefusedWithoutWaitingForItsEnd() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK " + "x".repeat(100 * 1024));
                peer.drainUntilClosed();
            });
            CentralEndpoint endpoint = server.endpoint(PATIENT, CentralEndpoint.DEFAULT_MAX_LINE_LENGTH,
                    CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);
            long start = System.nanoTime();

            assertThatThrownBy(() -> CentralSession.open(endpoint))
                    .isInstanceOf(CentralProtocolException.class)
                    .hasMessageContaining("maxLineLength");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
        }

        @Test
        void anEndlessLineIsCutOffAtTheCapInsteadOfBeingReadToTheEnd() throws Exception {
            long offered = 1L << 30;
            AtomicLong written = new AtomicLong();
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                peer.send("+OK\r\n1 ");
                written.set(peer.sendRepeatedly("y".repeat(8192).getBytes(StandardCharsets.US_ASCII), offered));
            });
            CentralSession session = CentralSession.open(server.endpoint(PATIENT,
                    CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES));
            session.login(USER, PASSWORD);

            assertThatThrownBy(session::listing).isInstanceOf(CentralProtocolException.class);
            server.awaitEnd();
            // What the server got out before the client hung up is what the socket buffers
            // absorb, a few MiB, not the GiB on offer.
            assertThat(written.get()).isLessThan(64L * 1024 * 1024);
        }

        @Test
        void bareLineFeedsDoNotResetTheLineCap() throws Exception {
            // commons-net ends a line only at CRLF, so "x\n" repeated is one growing line to it.
            server = ScriptedServer.start(peer -> {
                peer.send("+OK " + "x\n".repeat(50 * 1024));
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(server.endpoint(PATIENT,
                    CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES)))
                    .isInstanceOf(CentralProtocolException.class);
        }

        @Test
        void aReplyOfExactlyTheCapIncludingCrlfIsAccepted() throws Exception {
            String greeting = "+OK " + "g".repeat(512 - "+OK ".length() - 2);
            server = ScriptedServer.start(peer -> {
                peer.send(greeting + "\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint(PATIENT, 512, 4096))) {
                assertThat(session.lastReplyLine()).isEqualTo(greeting);
            }
        }

        @Test
        void aReplyOneOctetOverTheCapIsRefused() throws Exception {
            String greeting = "+OK " + "g".repeat(512 - "+OK ".length() - 1);
            server = ScriptedServer.start(peer -> {
                peer.send(greeting + "\r\n");
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(server.endpoint(PATIENT, 512, 4096)))
                    .isInstanceOf(CentralProtocolException.class);
        }

        @Test
        void aMessageLineLongerThanTheLineCapIsStillRetrievedIntact() throws Exception {
            String message = "Subject: wide\r\n\r\n" + "w".repeat(20_000) + "\r\n";
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("RETR 1");
                peer.send("+OK\r\n" + message + ".\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint(PATIENT, 512, 1 << 20))) {
                session.login(USER, PASSWORD);

                assertThat(session.retrieve(1)).hasValue(message.getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Test
        void anOverlongStatusLineBeforeAMessageIsRefused() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("RETR 1");
                peer.send("+OK " + "s".repeat(10_000) + "\r\nSubject: x\r\n\r\n.\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint(PATIENT, 512, 1 << 20))) {
                session.login(USER, PASSWORD);

                assertThatThrownBy(() -> session.retrieve(1)).isInstanceOf(CentralProtocolException.class);
            }
        }
    }

    @Nested
    class OversizedResponses {

        @Test
        void aUidlListingLargerThanTheResponseCapIsRefused() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                StringBuilder listing = new StringBuilder("+OK\r\n");
                for (int i = 1; i <= 100_000; i++) {
                    listing.append(i).append(" uid-").append(i).append("\r\n");
                }
                peer.send(listing.append(".\r\n").toString());
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint(PATIENT, 8192, 64 * 1024))) {
                session.login(USER, PASSWORD);

                assertThatThrownBy(session::listing)
                        .isInstanceOf(CentralProtocolException.class)
                        .hasMessageContaining("maxResponseBytes")
                        .hasMessageContaining("UIDL");
            }
        }

        @Test
        void aMessageLargerThanTheResponseCapIsRefused() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("RETR 1");
                peer.send("+OK\r\nSubject: big\r\n\r\n");
                peer.sendRepeatedly("0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII), 1L << 30);
            });

            try (CentralSession session = CentralSession.open(server.endpoint(PATIENT, 8192, 1 << 20))) {
                session.login(USER, PASSWORD);

                assertThatThrownBy(() -> session.retrieve(1))
                        .isInstanceOf(CentralProtocolException.class)
                        .hasMessageContaining("maxResponseBytes");
            }
        }

        @Test
        void theBudgetIsPerResponseNotPerSession() throws Exception {
            String message = "Subject: s\r\n\r\n" + "m".repeat(3000) + "\r\n";
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                for (int i = 0; i < 3; i++) {
                    peer.expect("RETR 1");
                    peer.send("+OK\r\n" + message + ".\r\n");
                }
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint(PATIENT, 512, 4096))) {
                session.login(USER, PASSWORD);

                for (int i = 0; i < 3; i++) {
                    assertThat(session.retrieve(1)).isPresent();
                }
            }
        }
    }

    @Nested
    class TruncatedResponses {

        @Test
        void aListingCutOffByACloseIsUnavailableNotAShorterListing() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                peer.send("+OK\r\n1 uid-1\r\n2 uid-2\r\n");
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(session::listing)
                        .isExactlyInstanceOf(CentralUnavailableException.class)
                        .hasMessageContaining("UIDL");
            }
        }

        @Test
        void aMessageCutOffByACloseIsUnavailableNotAShorterMessage() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("RETR 1");
                peer.send("+OK\r\nSubject: cut\r\n\r\nfirst line\r\n");
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(() -> session.retrieve(1))
                        .isExactlyInstanceOf(CentralUnavailableException.class)
                        .hasMessageContaining("RETR");
            }
        }

        @Test
        void aMessageCutOffAfterALoneDotWithoutCrlfIsUnavailable() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("RETR 1");
                peer.send("+OK\r\nSubject: cut\r\n\r\nbody\r\n.");
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(() -> session.retrieve(1)).isExactlyInstanceOf(CentralUnavailableException.class);
            }
        }

        @Test
        void aStatusLineCutOffByACloseIsUnavailable() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("DELE 1");
                peer.send("+OK");
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(() -> session.delete(1)).isExactlyInstanceOf(CentralUnavailableException.class);
            }
        }
    }

    @Nested
    class MalformedListings {

        static Stream<Arguments> malformed() {
            return Stream.of(
                    Arguments.of("a UIDL line without unique-id", "1\r\n", "1 10\r\n"),
                    Arguments.of("a unique-id of 71 chars", "1 " + "u".repeat(71) + "\r\n", "1 10\r\n"),
                    Arguments.of("a unique-id with an 8-bit octet", "1 caf\u00e9\r\n", "1 10\r\n"),
                    Arguments.of("a unique-id with a space", "1 a b\r\n", "1 10\r\n"),
                    Arguments.of("a unique-id with DEL", "1 a\u007f\r\n", "1 10\r\n"),
                    Arguments.of("a message number that is not a number", "one a\r\n", "1 10\r\n"),
                    Arguments.of("a message number of zero", "0 a\r\n", "0 10\r\n"),
                    Arguments.of("a signed message number", "+1 a\r\n", "1 10\r\n"),
                    Arguments.of("message numbers that do not ascend", "2 a\r\n1 b\r\n", "2 10\r\n1 10\r\n"),
                    Arguments.of("a unique-id given twice", "1 a\r\n2 a\r\n", "1 10\r\n2 10\r\n"),
                    Arguments.of("UIDL listing more messages than LIST", "1 a\r\n2 b\r\n", "1 10\r\n"),
                    Arguments.of("UIDL and LIST numbering different messages", "1 a\r\n", "2 10\r\n"),
                    Arguments.of("LIST listing an extra message among the UIDL's", "1 a\r\n3 c\r\n", "1 10\r\n2 10\r\n3 10\r\n"),
                    Arguments.of("a LIST line without size", "1 a\r\n", "1\r\n"),
                    Arguments.of("a negative size", "1 a\r\n", "1 -10\r\n"),
                    Arguments.of("a size beyond a long", "1 a\r\n", "1 99999999999999999999\r\n"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformed")
        void aListingThatBreaksRfc1939IsAProtocolError(String what, String uidl, String list) throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                peer.send("+OK\r\n" + uidl + ".\r\n");
                if ("LIST".equals(peer.nextLine())) {
                    peer.send("+OK\r\n" + list + ".\r\n");
                    peer.drainUntilClosed();
                }
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(session::listing).isInstanceOf(CentralProtocolException.class);
            }
        }

        @Test
        void listSizesMayBeFollowedByTextAndUidsUseTheWholePrintableRange() throws Exception {
            String widestUid = "!" + "~".repeat(68) + "0";
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                peer.send("+OK 2 messages\r\n1 " + widestUid + "\r\n3 b\r\n.\r\n");
                peer.expect("LIST");
                peer.send("+OK\r\n1 120 extra text\r\n3 4294967296\r\n.\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = login()) {
                assertThat(session.listing()).containsExactly(
                        new RemoteMessage(1, widestUid, 120),
                        new RemoteMessage(3, "b", 4_294_967_296L));
            }
        }

        @Test
        void aRetrWhoseNumberNoLongerNamesTheListedUidIsRefusedNotReturned() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("RETR 1");
                peer.send("+OK\r\nSubject: someone else's\r\n\r\nbody\r\n.\r\n");
                peer.expect("UIDL 1");
                peer.send("+OK 1 b\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(() -> session.retrieve(1, "a")).isInstanceOf(CentralProtocolException.class)
                        .hasMessageContaining("renumbered");
            }
        }

        @Test
        void mailArrivingBetweenUidlAndListIsLeftForTheNextSession() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                peer.send("+OK\r\n1 a\r\n.\r\n");
                peer.expect("LIST");
                peer.send("+OK\r\n1 120\r\n2 300\r\n.\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = login()) {
                assertThat(session.listing()).containsExactly(new RemoteMessage(1, "a", 120));
            }
        }

        @Test
        void aStatReplyWithoutNumbersIsAProtocolError() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("STAT");
                peer.send("+OK two 300\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = login()) {
                assertThatThrownBy(session::stat).isInstanceOf(CentralProtocolException.class);
            }
        }

        @Test
        void aStatReplyMayCarryTextAfterTheSize() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("STAT");
                peer.send("+OK 2 320 octets in maildrop\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = login()) {
                assertThat(session.stat()).isEqualTo(new MailboxStat(2, 320));
            }
        }
    }

    @Nested
    class ReplyPassThrough {

        @Test
        void anInUseRefusalIsPassedOnUnchanged() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK ready\r\n");
                peer.expect("USER " + USER);
                peer.send("+OK\r\n");
                peer.expect("PASS " + PASSWORD);
                peer.send("-ERR [IN-USE] locked\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint())) {
                LoginResult result = session.login(USER, PASSWORD);

                assertThat(result).isEqualTo(new LoginResult.Refused("-ERR [IN-USE] locked"));
                assertThat(((LoginResult.Refused) result).responseCode()).hasValue("IN-USE");
                assertThat(session.lastReplyLine()).isEqualTo("-ERR [IN-USE] locked");
            }
        }

        @Test
        void eightBitReplyTextSurvivesOctetForOctet() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK ready\r\n");
                peer.expect("USER " + USER);
                peer.send("-ERR [AUTH] Benutzer oder Passwort falsch: \u00fc\u00e4\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint())) {
                session.login(USER, PASSWORD);

                assertThat(session.lastReplyLine()).isEqualTo("-ERR [AUTH] Benutzer oder Passwort falsch: \u00fc\u00e4");
            }
        }
    }

    @Nested
    class CredentialHandling {

        @Test
        void passIsNotSentAfterARefusedUser() throws Exception {
            AtomicLong sentAfterRefusal = new AtomicLong(-1);
            server = ScriptedServer.start(peer -> {
                peer.send("+OK ready\r\n");
                peer.expect("USER " + USER);
                peer.send("-ERR no\r\n");
                sentAfterRefusal.set(peer.drainUntilClosed());
            });

            CentralSession session = CentralSession.open(server.endpoint());
            assertThat(session.login(USER, PASSWORD)).isEqualTo(new LoginResult.Refused("-ERR no"));
            session.close();
            server.awaitEnd();

            assertThat(sentAfterRefusal.get()).isZero();
        }

        @Test
        void credentialsThatWouldInjectACommandAreRejectedBeforeSending() throws Exception {
            AtomicLong received = new AtomicLong(-1);
            server = ScriptedServer.start(peer -> {
                peer.send("+OK ready\r\n");
                received.set(peer.drainUntilClosed());
            });

            try (CentralSession session = CentralSession.open(server.endpoint())) {
                assertThatThrownBy(() -> session.login(USER, "x\r\nDELE 1"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageNotContaining("DELE");
                assertThatThrownBy(() -> session.login(USER + "\n", PASSWORD)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> session.login(USER, "\u20ac")).isInstanceOf(IllegalArgumentException.class);
            }
            server.awaitEnd();

            assertThat(received.get()).isZero();
        }

        @Test
        void latinOneCredentialsGoOutAsOneOctetPerChar() throws Exception {
            String password = "p\u00e4ss w\u00f6rd";
            AtomicReference<String> passLine = new AtomicReference<>();
            server = ScriptedServer.start(peer -> {
                peer.send("+OK ready\r\n");
                peer.expect("USER " + USER);
                peer.send("+OK\r\n");
                passLine.set(peer.nextLine());
                peer.send("+OK\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint())) {
                assertThat(session.login(USER, password)).isEqualTo(new LoginResult.Accepted());
            }
            server.awaitEnd();

            assertThat(passLine.get()).isEqualTo("PASS " + password);
        }
    }

    @Nested
    class SessionLifecycle {

        @Test
        void closeSendsNoQuitSoNothingIsDeleted() throws Exception {
            AtomicReference<String> afterDele = new AtomicReference<>();
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("DELE 1");
                peer.send("+OK marked\r\n");
                String next = peer.nextLine();
                afterDele.set(next == null ? "<connection closed>" : next);
            });

            CentralSession session = login();
            assertThat(session.delete(1)).isTrue();
            session.close();
            session.close();
            server.awaitEnd();

            assertThat(afterDele.get()).isEqualTo("<connection closed>");
        }

        @Test
        void aFailedSessionIsClosedAndRefusesFurtherUse() throws Exception {
            AtomicBoolean clientClosed = new AtomicBoolean();
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("UIDL");
                peer.send("+OK\r\nbroken\r\n.\r\n");
                peer.drainUntilClosed();
                clientClosed.set(true);
            });

            CentralSession session = login();
            assertThatThrownBy(session::listing).isInstanceOf(CentralProtocolException.class);
            server.awaitEnd();

            assertThat(clientClosed).isTrue();
            assertThatThrownBy(session::stat).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(session::quit).isInstanceOf(IllegalStateException.class);
            session.close();
        }

        @Test
        void transactionCommandsNeedALogin() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK ready\r\n");
                peer.drainUntilClosed();
            });

            try (CentralSession session = CentralSession.open(server.endpoint())) {
                assertThatThrownBy(session::listing).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> session.retrieve(1)).isInstanceOf(IllegalStateException.class);
            }
        }

        @Test
        void aQuitAnsweredWithErrIsReturnedForTheCallerToAct() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.greetAndLogin();
                peer.expect("QUIT");
                peer.send("-ERR some deleted messages not removed\r\n");
            });

            CentralSession session = login();

            assertThat(session.quit()).isEqualTo("-ERR some deleted messages not removed");
            assertThatThrownBy(session::stat).isInstanceOf(IllegalStateException.class);
        }
    }

    private CentralSession login() throws CentralUnavailableException {
        CentralSession session = CentralSession.open(server.endpoint());
        assertThat(session.login(USER, PASSWORD)).isEqualTo(new LoginResult.Accepted());
        return session;
    }
}
