package org.mailedge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** CentralSession against GreenMail as the central server, over real sockets on 127.0.0.1. */
class CentralSessionAgainstGreenMailTest {

    private static final String EMAIL = "alice@example.org";
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final long DELIVERY_WAIT_MILLIS = 5000;

    /**
     * 8-bit UTF-8 text, a line starting with a dot, a ".." line and a lone "." line: every
     * case where dot-stuffing or a charset conversion could change a byte.
     */
    private static final String FIDELITY_BODY = """
            Grüße aus Köln, café, naïve — 日本語\r
            .leading dot line\r
            ..\r
            .\r
            after the lone dot\r
            """;

    private GreenMail greenMail;

    @BeforeEach
    void startCentral() {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        greenMail.start();
        greenMail.setUser(EMAIL, USER, PASSWORD);
    }

    @AfterEach
    void stopCentral() {
        greenMail.stop();
    }

    @Nested
    class Login {

        @Test
        void correctCredentialsAreAccepted() throws Exception {
            try (CentralSession session = open()) {
                assertThat(session.login(USER, PASSWORD)).isEqualTo(new LoginResult.Accepted());
            }
        }

        @Test
        void wrongPasswordIsRefusedWithTheServersErrLine() throws Exception {
            try (CentralSession session = open()) {
                LoginResult result = session.login(USER, "wrong");

                assertThat(result).isInstanceOf(LoginResult.Refused.class);
                String line = ((LoginResult.Refused) result).replyLine();
                assertThat(line).startsWith("-ERR").isEqualTo(session.lastReplyLine());
            }
        }

        @Test
        void unknownUserIsRefusedInTheSameShapeAsAWrongPassword() throws Exception {
            try (CentralSession session = open()) {
                LoginResult result = session.login("nobody", PASSWORD);

                assertThat(result).isInstanceOf(LoginResult.Refused.class);
                assertThat(((LoginResult.Refused) result).replyLine()).startsWith("-ERR");
            }
        }

        @Test
        void aRefusedLoginMayBeRetriedInTheSameSession() throws Exception {
            try (CentralSession session = open()) {
                session.login(USER, "wrong");

                assertThat(session.login(USER, PASSWORD)).isEqualTo(new LoginResult.Accepted());
            }
        }

        @Test
        void theGreetingIsTheFirstReplyLine() throws Exception {
            try (CentralSession session = open()) {
                assertThat(session.lastReplyLine()).startsWith("+OK");
            }
        }
    }

    @Nested
    class Listing {

        @Test
        void listingReturnsTheUidsAndSizesTheServerLists() throws Exception {
            deliver("one", "first\r\n");
            deliver("two", "second, a little longer\r\n");
            deliver("three", "third\r\nwith two lines\r\n");

            List<String> uidl;
            List<String> list;
            try (RawPop3 raw = RawPop3.login(pop3Port(), USER, PASSWORD)) {
                uidl = raw.lines("UIDL");
                list = raw.lines("LIST");
            }
            List<RemoteMessage> expected = new ArrayList<>();
            for (int i = 0; i < uidl.size(); i++) {
                String[] u = uidl.get(i).split(" ");
                String[] l = list.get(i).split(" ");
                expected.add(new RemoteMessage(Integer.parseInt(u[0]), u[1], Long.parseLong(l[1])));
            }

            try (CentralSession session = loggedIn()) {
                assertThat(session.listing()).hasSize(3).isEqualTo(expected);
            }
        }

        @Test
        void anEmptyMaildropListsNothing() throws Exception {
            try (CentralSession session = loggedIn()) {
                assertThat(session.listing()).isEmpty();
                assertThat(session.stat()).isEqualTo(new MailboxStat(0, 0));
            }
        }

        @Test
        void statCountsTheListedMessagesAndTheirSizes() throws Exception {
            deliver("one", "first\r\n");
            deliver("two", "second\r\n");

            try (CentralSession session = loggedIn()) {
                List<RemoteMessage> listing = session.listing();
                long octets = listing.stream().mapToLong(RemoteMessage::size).sum();

                assertThat(session.stat()).isEqualTo(new MailboxStat(2, octets));
            }
        }
    }

    @Nested
    class Retrieval {

        @Test
        void retrieveIsByteIdenticalToWhatTheServerHolds() throws Exception {
            deliver("fidelity", FIDELITY_BODY);
            byte[] onTheWire;
            try (RawPop3 raw = RawPop3.login(pop3Port(), USER, PASSWORD)) {
                onTheWire = raw.body("RETR 1");
            }

            try (CentralSession session = loggedIn()) {
                byte[] retrieved = session.retrieve(1).orElseThrow();

                assertThat(retrieved).isEqualTo(onTheWire);
                // ...and the server did hold the body as delivered: the comparison is not vacuous.
                assertThat(new String(retrieved, StandardCharsets.ISO_8859_1))
                        .contains(new String(FIDELITY_BODY.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }

        @Test
        void retrieveKeepsCrlfAndDropsTheTerminator() throws Exception {
            deliver("crlf", "only line\r\n");

            try (CentralSession session = loggedIn()) {
                String message = new String(session.retrieve(1).orElseThrow(), StandardCharsets.ISO_8859_1);

                assertThat(message).contains("\r\n\r\nonly line\r\n").doesNotContain("\r\n.\r\n");
                assertThat(message.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
            }
        }

        @Test
        void topReturnsTheHeadersAndTheFirstLinesOfTheBody() throws Exception {
            deliver("top", "line one\r\nline two\r\nline three\r\n");
            byte[] onTheWire;
            try (RawPop3 raw = RawPop3.login(pop3Port(), USER, PASSWORD)) {
                onTheWire = raw.body("TOP 1 2");
            }

            try (CentralSession session = loggedIn()) {
                byte[] top = session.top(1, 2).orElseThrow();
                String message = new String(session.retrieve(1).orElseThrow(), StandardCharsets.ISO_8859_1);
                int bodyStart = message.indexOf("\r\n\r\n") + 4;

                assertThat(top).isEqualTo(onTheWire);
                assertThat(new String(top, StandardCharsets.ISO_8859_1))
                        .isEqualTo(message.substring(0, bodyStart) + "line one\r\nline two\r\n");
            }
        }

        @Test
        void aMissingMessageIsAnAnswerNotAFailure() throws Exception {
            deliver("one", "first\r\n");

            try (CentralSession session = loggedIn()) {
                assertThat(session.retrieve(99)).isEmpty();
                assertThat(session.lastReplyLine()).startsWith("-ERR");
                assertThat(session.top(99, 0)).isEmpty();
                assertThat(session.stat().count()).isEqualTo(1);
            }
        }
    }

    @Nested
    class Deletion {

        @Test
        void deleteThenQuitRemovesTheMessageAtTheServer() throws Exception {
            deliver("one", "first\r\n");
            deliver("two", "second\r\n");
            String deletedUid;

            try (CentralSession session = loggedIn()) {
                deletedUid = session.listing().get(0).uid();
                assertThat(session.delete(1)).isTrue();
                assertThat(session.quit()).startsWith("+OK");
            }

            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            try (CentralSession session = loggedIn()) {
                assertThat(session.listing()).extracting(RemoteMessage::uid).hasSize(1).doesNotContain(deletedUid);
            }
        }

        @Test
        void deleteThenCloseWithoutQuitRemovesNothing() throws Exception {
            deliver("one", "first\r\n");
            deliver("two", "second\r\n");

            CentralSession session = loggedIn();
            assertThat(session.delete(1)).isTrue();
            assertThat(session.stat().count()).isEqualTo(1);
            session.close();

            // Checked in GreenMail's store, not with a new POP3 session: GreenMail keeps the
            // \Deleted flag of a session that ended without QUIT, so it would list 1.
            assertThat(greenMail.getReceivedMessages()).extracting(m -> m.getSubject()).containsExactly("one", "two");
        }

        @Test
        void resetUndoesDeletesBeforeQuit() throws Exception {
            deliver("one", "first\r\n");

            try (CentralSession session = loggedIn()) {
                session.delete(1);
                assertThat(session.reset()).isTrue();
                session.quit();
            }

            assertThat(greenMail.getReceivedMessages()).hasSize(1);
        }

        @Test
        void deletingAMissingMessageIsFalse() throws Exception {
            try (CentralSession session = loggedIn()) {
                assertThat(session.delete(7)).isFalse();
                assertThat(session.lastReplyLine()).startsWith("-ERR");
            }
        }

        @Test
        void quitBeforeLoginIsAllowedAndClosesTheSession() throws Exception {
            CentralSession session = open();

            assertThat(session.quit()).startsWith("+OK");
            assertThatThrownBy(session::stat).isInstanceOf(IllegalStateException.class);
            session.close();
        }
    }

    private CentralSession open() throws CentralUnavailableException {
        return CentralSession.open(CentralEndpoint.of("127.0.0.1", pop3Port()));
    }

    private CentralSession loggedIn() throws CentralUnavailableException {
        CentralSession session = open();
        assertThat(session.login(USER, PASSWORD)).isEqualTo(new LoginResult.Accepted());
        return session;
    }

    private int pop3Port() {
        return greenMail.getPop3().getPort();
    }

    private void deliver(String subject, String body) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(("From: sender@example.org\r\n"
                + "To: " + EMAIL + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        int before = greenMail.getReceivedMessages().length;
        SmtpDelivery.deliver(greenMail.getSmtp().getPort(), "sender@example.org", EMAIL, message.toByteArray());
        assertThat(greenMail.waitForIncomingEmail(DELIVERY_WAIT_MILLIS, before + 1)).isTrue();
    }
}
