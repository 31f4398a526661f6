package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * The listener over real sockets on 127.0.0.1, grouped by threat. Raw {@link SmtpClient} for
 * protocol edge cases, jakarta.mail for what a stock MTA sends.
 */
class NotifyListenerTest {

    private static final String LEGIT = "user0001@edge.example";
    private static final String LEGIT_USER = "user0001";
    private static final String SMUGGLED = "smuggled@edge.example";
    private static final String HEADER = "From: notifier@central.test\r\nSubject: new mail\r\n\r\n";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink(Set.of(LEGIT_USER, "User0002"));
    private NotifyListener listener;

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.close();
        }
    }

    private int start(NotifyListenerConfig config) {
        listener = new NotifyListener(config, sink, clock);
        listener.start();
        return listener.port();
    }

    private int startWithDefaults() {
        return start(config(NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 64 * 1024, 1000, 600));
    }

    private static NotifyListenerConfig config(List<NetworkRange> allowed, int maxMessageBytes, int maxRecipients,
                                               int transactionsPerMinute) {
        return new NotifyListenerConfig(LOOPBACK, 0, allowed, maxMessageBytes, maxRecipients, transactionsPerMinute,
                Duration.ofSeconds(30), "edge.test");
    }

    private NotifyStats stats() {
        return listener.stats();
    }

    @Nested
    class Notifications {

        @Test
        void aNotificationFromAStockClientReachesTheSinkOncePerRecipient() throws MessagingException {
            int port = startWithDefaults();
            MimeMessage message = new MimeMessage(jakartaSession(port));
            message.setFrom("notifier@central.test");
            message.setRecipients(Message.RecipientType.TO, LEGIT + ", User0002@edge.example");
            message.setSubject("new mail");
            message.setHeader(NewUidsHeader.FIELD_NAME, "1709294400.M1 1709294400.M2");
            message.setText("You have new mail.");

            Transport.send(message);

            assertThat(sink.events()).containsExactly(
                    new NewMail(LEGIT_USER, List.of("1709294400.M1", "1709294400.M2"), clock.instant(), LOOPBACK),
                    new NewMail("User0002", List.of("1709294400.M1", "1709294400.M2"), clock.instant(), LOOPBACK));
            assertThat(stats()).isEqualTo(new NotifyStats(1, 2, 0, 0, 0, 0, 0));
        }

        @Test
        void aNotificationWithoutTheUidHeaderCarriesNoUids() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);

                assertThat(client.data(HEADER + "You have new mail.")).isEqualTo("250 2.0.0 notification accepted for 1 user(s)");
            }
            assertThat(sink.events()).singleElement().satisfies(event -> assertThat(event.newUids()).isEmpty());
        }

        @Test
        void aNotificationForAUserTheEdgeDoesNotKnowIsAcceptedAndCounted() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT, "stranger@edge.example");

                assertThat(client.data(HEADER + "hello")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly(LEGIT_USER, "stranger");
            assertThat(stats()).isEqualTo(new NotifyStats(1, 1, 1, 0, 0, 0, 0));
        }

        @Test
        void aUserNamedTwiceInOneNotificationIsNotifiedOnce() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT, LEGIT);

                assertThat(client.data(HEADER + "hello")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly(LEGIT_USER);
        }

        @Test
        void severalNotificationsOnOneConnectionAreEachDelivered() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);
                assertThat(client.data(HEADER + "one")).startsWith("250 ");
                assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<User0002@edge.example>")).startsWith("250");
                assertThat(client.data(HEADER + "two")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly(LEGIT_USER, "User0002");
        }

        @Test
        void theGreetingNamesTheConfiguredHostAndNotTheLibraryVersion() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = new SmtpClient(port)) {
                assertThat(client.reply()).isEqualTo("220 edge.test ESMTP Mail Edge notify-listener");
            }
        }
    }

    @Nested
    class AccessControl {

        @Test
        void aClientOutsideTheAllowedNetworksIsRefusedAtConnectAndNothingIsNotified() throws IOException {
            // 10.0.0.0/8 is only a config value here: all traffic stays on 127.0.0.1.
            int port = start(config(List.of(NetworkRange.parse("10.0.0.0/8")), 64 * 1024, 1000, 600));
            try (SmtpClient client = new SmtpClient(port)) {
                assertThat(client.reply()).isEqualTo("554 5.7.1 127.0.0.1 is not allowed to send notifications");
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(sink.events()).isEmpty();
            assertThat(stats()).isEqualTo(new NotifyStats(0, 0, 0, 1, 0, 0, 0));
        }

        @Test
        void aClientInsideTheAllowedNetworksIsGreeted() throws IOException {
            int port = start(config(List.of(NetworkRange.parse("10.0.0.0/8"), NetworkRange.parse("127.0.0.1")),
                    64 * 1024, 1000, 600));
            try (SmtpClient client = new SmtpClient(port)) {
                assertThat(client.reply()).startsWith("220 ");
            }
        }
    }

    /** SMTP smuggling (CVE-2023-51764 and relatives): the hannob/smtpsmug end-of-data vectors. */
    @Nested
    class SmtpSmuggling {

        static Stream<Arguments> bareLineEndVectors() {
            return Stream.of(
                    Arguments.of("lflf", "\n.\n"),
                    Arguments.of("crcr", "\r.\r"),
                    Arguments.of("crlf", "\r.\n"),
                    Arguments.of("lfcr", "\n.\r"),
                    Arguments.of("lfcrlf", "\n.\r\n"),
                    Arguments.of("crlflf", "\r\n.\n"),
                    Arguments.of("crcrlf", "\r.\r\n"),
                    Arguments.of("crlfcr", "\r\n.\r"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("bareLineEndVectors")
        void aSmuggledSecondTransactionBehindABadEndOfDataIsRefusedWithTheWholeMessage(String name, String badEnd)
                throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);
                assertThat(client.command("DATA")).startsWith("354");

                client.send(HEADER + "This is a test mail with a bad ending.\r\n" + badEnd + smuggledTransaction());

                assertThat(client.reply()).isEqualTo("550 5.6.11 bare CR or LF in DATA refused, every line must end with CRLF");
                // In sync: the next reply answers NOOP, not a smuggled MAIL, RCPT or DATA.
                assertThat(client.command("NOOP")).startsWith("250");
            }
            assertThat(sink.events()).isEmpty();
            assertThat(stats().rejectedBareLineEnd()).isEqualTo(1);
            assertThat(stats().notificationsAccepted()).isZero();
        }

        @Test
        void aNulBeforeTheDotEndsNothingSoOnlyTheLegitimateRecipientIsNotified() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);
                assertThat(client.command("DATA")).startsWith("354");

                client.send(HEADER + "This is a test mail with a NUL ending.\r\n" + "\r\n\u0000.\r\n" + smuggledTransaction());

                assertThat(client.reply()).startsWith("250 ");
                assertThat(client.command("NOOP")).startsWith("250");
            }
            assertThat(sink.events()).singleElement().satisfies(event -> {
                assertThat(event.user()).isEqualTo(LEGIT_USER);
                assertThat(event.newUids()).isEmpty();
            });
        }

        @Test
        void bareLineFeedInDataIsRefusedAndNothingIsNotified() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);

                assertThat(client.data(HEADER + "line one\nline two")).startsWith("550 5.6.11 ");
            }
            assertThat(sink.events()).isEmpty();
            assertThat(stats()).isEqualTo(new NotifyStats(0, 0, 0, 0, 1, 0, 0));
        }

        @Test
        void bareCarriageReturnInAHeaderIsRefusedAndNothingIsNotified() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);

                assertThat(client.data("X-MailEdge-New-UIDs: a\rb\r\n\r\nhello")).startsWith("550 5.6.11 ");
            }
            assertThat(sink.events()).isEmpty();
        }

        @Test
        void aRefusedMessageEndsItsTransactionSoItsRecipientsCannotBeReused() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);
                assertThat(client.data(HEADER + "bare\nline")).startsWith("550 ");

                assertThat(client.command("DATA")).startsWith("503");
                assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<User0002@edge.example>")).startsWith("250");
                assertThat(client.data(HEADER + "clean")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly("User0002");
        }

        @Test
        void bareLineFeedInACommandLineIsRefusedAndTheConnectionClosed() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                assertThat(client.command("EHLO central.test")).startsWith("250");

                client.send("MAIL FROM:<notifier@central.test>\nRCPT TO:<" + LEGIT + ">\r\n");

                assertThat(client.reply()).startsWith("501 ").contains("CR and LF must be CRLF paired");
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(sink.events()).isEmpty();
        }

        private static String smuggledTransaction() {
            return "MAIL FROM:<attacker@central.test>\r\n"
                    + "RCPT TO:<" + SMUGGLED + ">\r\n"
                    + "DATA\r\n"
                    + "X-MailEdge-New-UIDs: smuggled-uid\r\n"
                    + "\r\n"
                    + "smuggled\r\n"
                    + ".\r\n";
        }
    }

    @Nested
    class Chunking {

        @Test
        void ehloAdvertisesNeitherChunkingNorSmtputf8() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                assertThat(client.command("EHLO central.test"))
                        .isEqualTo("250-edge.test\n250-8BITMIME\n250-SIZE 65536\n250 Ok");
            }
        }

        @Test
        void bdatIsRefusedTheConnectionClosedAndNothingIsNotified() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);

                assertThat(client.command("BDAT 10 LAST")).isEqualTo("502 5.5.1 BDAT is not offered here, use DATA; closing connection");
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(sink.events()).isEmpty();
        }
    }

    @Nested
    class Limits {

        @Test
        void aMessageOverTheSizeLimitIsRefusedWith552AndNothingIsNotified() throws IOException {
            int port = start(config(NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 1024, 1000, 600));
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);

                assertThat(client.data(HEADER + "x".repeat(2000)))
                        .isEqualTo("552 5.3.4 message exceeds the fixed maximum of 1024 bytes");
                assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
            }
            assertThat(sink.events()).isEmpty();
            assertThat(stats()).isEqualTo(new NotifyStats(0, 0, 0, 0, 0, 1, 0));
        }

        @Test
        void aDeclaredSizeOverTheLimitIsRefusedAtMailFrom() throws IOException {
            int port = start(config(NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 1024, 1000, 600));
            try (SmtpClient client = SmtpClient.connected(port)) {
                assertThat(client.command("EHLO central.test")).startsWith("250");

                assertThat(client.command("MAIL FROM:<notifier@central.test> SIZE=2048"))
                        .isEqualTo("552 5.3.4 declared message size exceeds the fixed maximum of 1024 bytes");
                assertThat(client.command("MAIL FROM:<notifier@central.test> SIZE=1024")).startsWith("250");
            }
            assertThat(stats().rejectedTooLarge()).isEqualTo(1);
        }

        @Test
        void aDeclaredSizeTooLargeForAnIntIsRefusedAndTheSessionGoesOn() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                assertThat(client.command("EHLO central.test")).startsWith("250");

                assertThat(client.command("MAIL FROM:<notifier@central.test> SIZE=99999999999")).startsWith("552 5.3.4 ");
                assertThat(client.command("NOOP")).startsWith("250");
            }
        }

        @Test
        void recipientsBeyondTheLimitAreRefusedAndTheOthersNotified() throws IOException {
            int port = start(config(NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 64 * 1024, 2, 600));
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT, "User0002@edge.example");

                assertThat(client.command("RCPT TO:<third@edge.example>")).startsWith("452");
                assertThat(client.data(HEADER + "hello")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly(LEGIT_USER, "User0002");
        }

        @Test
        void transactionsBeyondTheRateLimitAreRefusedUntilTheClockMovesOn() throws IOException {
            int port = start(config(NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 64 * 1024, 1000, 2));
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);
                assertThat(client.data(HEADER + "one")).startsWith("250 ");
                assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<" + LEGIT + ">")).startsWith("250");
                assertThat(client.data(HEADER + "two")).startsWith("250 ");

                assertThat(client.command("MAIL FROM:<notifier@central.test>"))
                        .isEqualTo("450 4.7.1 too many notifications from 127.0.0.1, try again later");
                assertThat(client.command("RCPT TO:<" + LEGIT + ">")).startsWith("503");

                clock.advance(Duration.ofMinutes(1));

                assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<" + LEGIT + ">")).startsWith("250");
                assertThat(client.data(HEADER + "three")).startsWith("250 ");
            }
            assertThat(sink.events()).hasSize(3);
            assertThat(stats().rejectedRateLimited()).isEqualTo(1);
            assertThat(stats().notificationsAccepted()).isEqualTo(3);
        }
    }

    @Nested
    class RecipientNames {

        @Test
        void recipientsThatCannotNameAPop3UserAreRefusedAndTheValidOnesNotified() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction();

                assertThat(client.command("RCPT TO:<@edge.example>")).startsWith("501 5.1.3 ");
                assertThat(client.command("RCPT TO:<>")).startsWith("501 5.1.3 ");
                assertThat(client.command("RCPT TO:<user0001>")).startsWith("501 5.1.3 ");
                assertThat(client.command("RCPT TO:<us er@edge.example>")).startsWith("553 5.1.3 ");
                client.sendBytes("RCPT TO:<caf\u00e9@edge.example>\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(client.reply()).startsWith("553 5.1.3 ");
                assertThat(client.command("RCPT TO:<User0001@Edge.Example>")).startsWith("250");

                assertThat(client.data(HEADER + "hello")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly("User0001");
        }

        @Test
        void theDomainIsIgnoredBecauseTheListenerNeverRelays() throws IOException {
            int port = startWithDefaults();
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction("user0001@elsewhere.example");

                assertThat(client.data(HEADER + "hello")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly(LEGIT_USER);
        }
    }

    @Nested
    class SinkFailures {

        @Test
        void aSinkThatThrowsGets451AndTheRetryIsAccepted() throws IOException {
            int port = startWithDefaults();
            sink.failing(true);
            try (SmtpClient client = SmtpClient.connected(port)) {
                client.startTransaction(LEGIT);
                assertThat(client.data(HEADER + "hello")).isEqualTo("451 4.3.0 notification not recorded, try again later");
                assertThat(stats().notificationsAccepted()).isZero();

                sink.failing(false);
                assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<" + LEGIT + ">")).startsWith("250");
                assertThat(client.data(HEADER + "hello")).startsWith("250 ");
            }
            assertThat(sink.users()).containsExactly(LEGIT_USER);
            assertThat(stats().notificationsAccepted()).isEqualTo(1);
        }

        @Test
        void aStockClientSeesTheSinkFailureAsTemporary() throws MessagingException {
            int port = startWithDefaults();
            sink.failing(true);
            MimeMessage message = new MimeMessage(jakartaSession(port));
            message.setFrom("notifier@central.test");
            message.setRecipients(Message.RecipientType.TO, LEGIT);
            message.setText("You have new mail.");

            assertThatThrownBy(() -> Transport.send(message))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("451 4.3.0");
        }
    }

    @Nested
    class Logging {

        private static final String MARKER = "BODY-MARKER-7f3a";

        @Test
        void eachTransactionIsOneInfoLineAndNoMessageContentIsEverLogged() throws IOException {
            int port = startWithDefaults();
            try (LogCapture logs = LogCapture.attach()) {
                try (SmtpClient client = SmtpClient.connected(port)) {
                    client.startTransaction(LEGIT, "User0002@edge.example", "stranger@edge.example");
                    assertThat(client.data("Subject: " + MARKER + "\r\n\r\n" + MARKER)).startsWith("250 ");
                    assertThat(client.command("MAIL FROM:<notifier@central.test>")).startsWith("250");
                    assertThat(client.command("RCPT TO:<us er@edge.example>")).startsWith("553");
                    assertThat(client.command("RCPT TO:<" + LEGIT + ">")).startsWith("250");
                    assertThat(client.data("Subject: " + MARKER + "\r\n\r\n" + MARKER + "\nbare")).startsWith("550 ");
                    assertThat(client.command("QUIT")).startsWith("221");
                }

                assertThat(logs.infoFrom(NotificationTransaction.class)).satisfiesExactly(
                        line -> assertThat(line).contains("source=127.0.0.1", "recipients=3", "refusedRecipients=0",
                                "outcome=accepted"),
                        line -> assertThat(line).contains("source=127.0.0.1", "recipients=1", "refusedRecipients=1",
                                "outcome=rejected: bare CR or LF in DATA"));
                assertThat(logs.all()).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(MARKER));
            }
        }

        @Test
        void aRefusedConnectionIsLoggedWithTheClientAddress() throws IOException {
            int port = start(config(List.of(NetworkRange.parse("10.0.0.0/8")), 64 * 1024, 1000, 600));
            try (LogCapture logs = LogCapture.attach()) {
                try (SmtpClient client = new SmtpClient(port)) {
                    assertThat(client.reply()).startsWith("554 ");
                }
                assertThat(logs.infoFrom(AllowedNetworks.class))
                        .containsExactly("notification connection from 127.0.0.1 refused: not in the allowed networks");
            }
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void thePortIsKnownOnlyWhileRunning() {
            listener = new NotifyListener(config(NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 64 * 1024, 1000, 600),
                    sink, clock);
            assertThatThrownBy(listener::port).isInstanceOf(IllegalStateException.class);

            listener.start();
            assertThat(listener.port()).isPositive();

            listener.close();
            assertThatThrownBy(listener::port).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void aListenerStartsOnceAndClosesAnyNumberOfTimes() {
            startWithDefaults();

            assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class);
            listener.close();
            listener.close();
            assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void aPortInUseFailsTheStartWithAnIoError() {
            int port = startWithDefaults();
            NotifyListenerConfig samePort = new NotifyListenerConfig(LOOPBACK, port,
                    NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS, 64 * 1024, 1000, 600, Duration.ofSeconds(30), "e");
            try (NotifyListener second = new NotifyListener(samePort, sink, clock)) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessage("cannot listen for notifications on 127.0.0.1:" + port);
            }
        }
    }

    private static Session jakartaSession(int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", LOOPBACK.getHostAddress());
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        // Without it jakarta.mail asks DNS for the local host name to put in EHLO.
        properties.setProperty("mail.smtp.localhost", "central.test");
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "10000");
        return Session.getInstance(properties);
    }
}
