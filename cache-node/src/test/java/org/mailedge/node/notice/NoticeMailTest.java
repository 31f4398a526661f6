package org.mailedge.node.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.TappedProxy;

/**
 * Attenuation notices end to end: GreenMail is the central POP3 server and also the SMTP
 * relay (behind a relay the test can take down), the edge runs on a clock the test moves,
 * and the test sweeps the notice queue by hand ({@code sweep-interval} is an hour, so the
 * background sweep never runs in a test). Default policy: time rule, 15 minutes.
 */
class NoticeMailTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    private CentralAndEdge node;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start("""
                notices:
                  relay: ${relay}
                  domain: central.test
                  from: "Mail Service <postmaster@isp.test>"
                  sweep-interval: 1h
                """);
        node.user("alice", "secret");
        node.user("bob", "hunter2");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private NoticeService notices() {
        return node.edge.notices().orElseThrow();
    }

    private EdgeCounters.Snapshot counters() {
        return node.edge.counters().snapshot();
    }

    /** A whole check as an always-on client makes it. */
    private void check(String user, String password) throws Exception {
        try (Pop3Wire pop = node.connect()) {
            pop.login(user, password);
            assertThat(pop.ask("STAT")).startsWith("+OK ");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
    }

    /** A check that goes through, then two more a minute apart that the edge answers. */
    private void attenuate(String user, String password) throws Exception {
        long before = counters().answeredAtEdge();
        check(user, password);
        node.clock.advance(MINUTE);
        check(user, password);
        node.clock.advance(MINUTE);
        check(user, password);
        assertThat(counters().answeredAtEdge() - before).as("checks of %s answered at the edge", user).isEqualTo(2);
    }

    private List<MimeMessage> noticesReceived() {
        return Arrays.stream(node.central.getReceivedMessages()).filter(m -> {
            try {
                return NoticeMessage.SUBJECT.equals(m.getSubject());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private String helpLink() {
        return "http://127.0.0.1:" + node.edge.adminPort().orElseThrow() + NoticeSettings.HELP_PATH;
    }

    @Nested
    class OncePerPeriod {

        @Test
        void anAttenuatedUserGetsANoticeWithTheAutomaticMailHeadersAndTheHelpLink() throws Exception {
            attenuate("alice", "secret");
            Instant sweptAt = node.clock.instant();

            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(1, 0, 0, 0));

            List<MimeMessage> received = noticesReceived();
            assertThat(received).hasSize(1);
            MimeMessage notice = received.get(0);
            assertThat(notice.getFrom()).containsExactly(new InternetAddress("Mail Service <postmaster@isp.test>"));
            assertThat(notice.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("alice@central.test"));
            assertThat(notice.getSentDate().toInstant()).isEqualTo(sweptAt);
            assertThat(notice.getHeader("Date")).hasSize(1);
            assertThat(notice.getMessageID()).matches("<[0-9a-f-]{36}\\.\\d+@mailedge\\.localhost>");
            assertThat(notice.getHeader("Auto-Submitted")).containsExactly("auto-generated");
            assertThat(notice.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
            String body = GreenMailUtil.getBody(notice);
            assertThat(body).contains("more often than", "every 15 minutes", "throttled", helpLink(), "at most once a day");
            assertThat(counters().noticesSent()).isEqualTo(1);
        }

        @Test
        void aUserStillAttenuatedGetsNoSecondNoticeWithinThePeriodButOneInTheNext() throws Exception {
            attenuate("alice", "secret");
            notices().sweepAndWait();

            node.clock.advance(Duration.ofHours(2));
            attenuate("alice", "secret");
            node.clock.advance(Duration.ofHours(20));
            attenuate("alice", "secret");
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 1, 0));
            assertThat(noticesReceived()).hasSize(1);

            node.clock.advance(Duration.ofHours(2));
            attenuate("alice", "secret");
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(1, 0, 0, 0));
            assertThat(noticesReceived()).hasSize(2);
            assertThat(counters().noticesSuppressed()).as("counted once for the period, not per sweep or check").isEqualTo(1);
        }

        @Test
        void aUserWhoPollsEveryIntervalIsNeverAttenuatedAndGetsNoNotice() throws Exception {
            for (int i = 0; i < 8; i++) {
                check("bob", "hunter2");
                node.clock.advance(Duration.ofMinutes(15));
            }
            assertThat(counters().answeredAtEdge()).isZero();
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 0, 0));
            assertThat(noticesReceived()).isEmpty();
        }

        @Test
        void theNoticeStopsOnceTheUserPollsWithinTheInterval() throws Exception {
            attenuate("alice", "secret");
            notices().sweepAndWait();
            // the client is set to check hourly after the notice; swept every 6 hours for two days
            for (int hour = 1; hour <= 48; hour++) {
                node.clock.advance(Duration.ofHours(1));
                check("alice", "secret");
                if (hour % 6 == 0) {
                    assertThat(notices().sweepAndWait().sent()).isZero();
                }
            }
            notices().sweepAndWait();
            assertThat(noticesReceived()).hasSize(1);
            assertThat(counters().answeredAtEdge()).isEqualTo(2);
        }
    }

    @Nested
    class Modes {

        @Test
        void aUserRefusedWithLoginDelayInRejectModeIsSentANoticeToo() throws Exception {
            node.close();
            node = CentralAndEdge.start("""
                    attenuation: {mode: reject}
                    notices: {relay: "${relay}", domain: central.test, sweep-interval: 1h}
                    """);
            node.user("alice", "secret");
            check("alice", "secret");
            node.clock.advance(MINUTE);
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("USER alice")).startsWith("+OK");
                assertThat(pop.ask("PASS secret")).startsWith("-ERR [LOGIN-DELAY]");
            }
            assertThat(notices().sweepAndWait().sent()).isEqualTo(1);
            assertThat(noticesReceived()).hasSize(1);
        }
    }

    @Nested
    class Durability {

        @Test
        void aRestartSendsNoSecondNoticeWithinThePeriod() throws Exception {
            attenuate("alice", "secret");
            notices().sweepAndWait();

            node.restartEdge();
            node.clock.advance(Duration.ofHours(1));
            attenuate("alice", "secret");
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 1, 0));
            assertThat(noticesReceived()).hasSize(1);

            node.clock.advance(DAY);
            attenuate("alice", "secret");
            assertThat(notices().sweepAndWait().sent()).isEqualTo(1);
            assertThat(noticesReceived()).hasSize(2);
        }

        @Test
        void aNoticeTheRelayCouldNotTakeIsRetriedAtTheNextSweep() throws Exception {
            node.smtpLink.down();
            attenuate("alice", "secret");
            attenuate("bob", "hunter2");
            assertThat(notices().sweepAndWait()).as("one failure stops the sweep; both are kept")
                    .isEqualTo(new NoticeService.SweepResult(0, 1, 0, 2));
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 1, 0, 2));
            assertThat(noticesReceived()).isEmpty();

            node.smtpLink.up();
            node.clock.advance(Duration.ofHours(3));
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(2, 0, 0, 0));
            assertThat(noticesReceived()).extracting(m -> m.getRecipients(Message.RecipientType.TO)[0].toString())
                    .containsExactlyInAnyOrder("alice@central.test", "bob@central.test");
            assertThat(counters().noticesFailed()).isEqualTo(2);
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 0, 0));
        }

        @Test
        void aNoticeOwedWhileTheRelayIsDownSurvivesARestart() throws Exception {
            node.smtpLink.down();
            attenuate("alice", "secret");
            notices().sweepAndWait();

            node.restartEdge();
            node.smtpLink.up();
            assertThat(notices().sweepAndWait().sent()).isEqualTo(1);
            assertThat(noticesReceived()).hasSize(1);
        }

        @Test
        void aNoticeQueuedAtAStopIsSentAfterTheStart() throws Exception {
            attenuate("alice", "secret");
            node.restartEdge();
            assertThat(notices().sweepAndWait().sent()).isEqualTo(1);
        }

        @Test
        void aNoticeDelayedAPeriodByTheRelayIsDroppedWhenTheUserSlowedDown() throws Exception {
            node.smtpLink.down();
            attenuate("alice", "secret");
            notices().sweepAndWait();
            node.clock.advance(DAY);
            node.smtpLink.up();
            assertThat(notices().sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 1, 0));
            assertThat(noticesReceived()).isEmpty();
        }
    }

    @Nested
    class Pop3ServiceIsUnaffected {

        @Test
        void checksAreAnsweredWhileTheRelayHangsInTheMiddleOfANotice() throws Exception {
            TappedProxy.Hold hung = node.smtpLink.holdCommand("MAIL");
            attenuate("alice", "secret");
            Future<NoticeService.SweepResult> sweep = notices().sweepNow();
            hung.await(Duration.ofSeconds(20));

            long start = System.nanoTime();
            attenuate("bob", "hunter2");
            node.clock.advance(MINUTE);
            check("alice", "secret");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(sweep).as("the notice thread is still stuck at the relay").isNotDone();
            assertThat(took).as("four checks while the relay hangs").isLessThan(Duration.ofSeconds(5));

            node.smtpLink.cutAll();
            assertThat(sweep.get()).isEqualTo(new NoticeService.SweepResult(0, 1, 0, 1));
            assertThat(notices().sweepAndWait().sent()).as("alice, retried, and bob").isEqualTo(2);
            assertThat(noticesReceived()).hasSize(2);
        }
    }

    @Nested
    class HelpPage {

        @Test
        void theAdminServerServesTheHelpPageAsSelfContainedHtml() throws Exception {
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(helpLink())).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).startsWith("<!DOCTYPE html>")
                    .contains("Thunderbird", "Outlook", "Apple Mail", "K-9 Mail", "FairEmail", "fetchmail", "mpop", "getmail")
                    .contains("every 15 minutes", "set daemon 900", "*/15 * * * *", "mailedge.localhost")
                    .doesNotContain("{{", "<script", "<link", "src=", "url(");
        }

        @Test
        void theNoticeCountersAreInTheCountersApi() throws Exception {
            attenuate("alice", "secret");
            notices().sweepAndWait();
            HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.edge.adminPort().orElseThrow() + "/api/counters")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json.body()).contains("\"noticesSent\" : 1", "\"noticesFailed\" : 0", "\"noticesSuppressed\" : 0");
        }
    }
}
