package org.mailedge.node.notice;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailedge.db.notices.NoticeLog;
import org.mailedge.db.notices.NoticeRecord;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.testing.MutableClock;

/**
 * The service's decisions with a scripted relay and an in-memory log: recipients, refusals,
 * and the relay answers that the socket tests cannot provoke from GreenMail.
 */
class NoticeServiceTest {

    private static final URI HELP = URI.create("https://www.isp.example/help/mail-check");

    private final MutableClock clock = MutableClock.atEpoch();
    private final EdgeCounters counters = new EdgeCounters();
    private final MemoryLog log = new MemoryLog();
    private final List<String> sentTo = new ArrayList<>();
    private Function<String, NoticeRelay.Outcome> relayAnswer = to -> new NoticeRelay.Outcome.Sent();
    private NoticeService service;

    private NoticeService service(Optional<String> domain) {
        return service(domain, message -> {
            try {
                String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
                sentTo.add(to);
                return relayAnswer.apply(to);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private NoticeService service(Optional<String> domain, NoticeRelay relay) {
        NoticeSettings settings = new NoticeSettings(true, Optional.of(new NoticeSettings.Relay("127.0.0.1", 25)),
                "postmaster@isp.example", domain, Duration.ofDays(1), Duration.ofMinutes(15), Optional.of(HELP),
                Duration.ofHours(1), Duration.ofSeconds(1));
        service = new NoticeService(settings, log, relay, Session.getInstance(new Properties()), () -> HELP, "edge.isp.example",
                counters, clock);
        return service;
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aUserNameWithAnAtSignIsTheAddressAndOthersGetTheDomain() throws Exception {
        NoticeService notices = service(Optional.of("isp.example"));
        notices.onAttenuated("alice");
        notices.onAttenuated("bob@elsewhere.example");
        assertThat(notices.sweepAndWait().sent()).isEqualTo(2);
        assertThat(sentTo).containsExactlyInAnyOrder("alice@isp.example", "bob@elsewhere.example");
    }

    @Test
    void withoutADomainAUserNameThatIsNoAddressFailsOncePerPeriod() throws Exception {
        NoticeService notices = service(Optional.empty());
        notices.onAttenuated("alice");
        assertThat(notices.sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 1, 0, 0));
        clock.advance(Duration.ofMinutes(1));
        notices.onAttenuated("alice");
        assertThat(notices.sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 1, 0));
        assertThat(sentTo).isEmpty();
        assertThat(counters.snapshot().noticesFailed()).isEqualTo(1);
    }

    @Test
    void aRecipientTheRelayRefusesIsNotRetriedWithinThePeriod() throws Exception {
        NoticeService notices = service(Optional.of("isp.example"));
        relayAnswer = to -> new NoticeRelay.Outcome.Refused("550 5.1.1 no such user");
        notices.onAttenuated("alice");
        assertThat(notices.sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 1, 0, 0));
        clock.advance(Duration.ofHours(1));
        notices.onAttenuated("alice");
        assertThat(notices.sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 0, 1, 0));
        assertThat(sentTo).hasSize(1);
        assertThat(log.pending()).isEmpty();
    }

    @Test
    void aRelayThatAsksToTryLaterKeepsTheNoticeInTheStore() throws Exception {
        NoticeService notices = service(Optional.of("isp.example"));
        relayAnswer = to -> new NoticeRelay.Outcome.TryLater("421 4.3.2 shutting down");
        notices.onAttenuated("alice");
        Instant attenuatedAt = clock.instant();
        assertThat(notices.sweepAndWait()).isEqualTo(new NoticeService.SweepResult(0, 1, 0, 1));
        assertThat(log.find("alice")).hasValue(new NoticeRecord("alice", Optional.empty(), Optional.of(attenuatedAt)));
        relayAnswer = to -> new NoticeRelay.Outcome.Sent();
        assertThat(notices.sweepAndWait().sent()).isEqualTo(1);
        assertThat(log.find("alice").orElseThrow().pendingSince()).isEmpty();
    }

    @Test
    void theNoticeIsBuiltWithTheNodesClockAndName() throws Exception {
        List<MimeMessage> built = new ArrayList<>();
        NoticeService notices = service(Optional.of("isp.example"), message -> {
            built.add(message);
            return new NoticeRelay.Outcome.Sent();
        });
        notices.onAttenuated("alice");
        notices.sweepAndWait();
        MimeMessage m = built.get(0);
        assertThat(m.getSentDate().toInstant()).isEqualTo(clock.instant());
        assertThat(m.getMessageID()).endsWith("@edge.isp.example>");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat((String) m.getContent()).contains(HELP.toString(), "every 15 minutes");
    }

    /** The store's log in memory, with the same claim rule. */
    private static final class MemoryLog implements NoticeLog {
        private final Map<String, NoticeRecord> rows = new HashMap<>();

        @Override
        public synchronized Optional<Claim> claim(String user, Instant at, Instant sentNoLaterThan) {
            NoticeRecord before = rows.get(user);
            Optional<Instant> previous = before == null ? Optional.empty() : before.lastSentAt();
            if (previous.isPresent() && previous.get().isAfter(sentNoLaterThan)) {
                return Optional.empty();
            }
            rows.put(user, new NoticeRecord(user, Optional.of(at), Optional.empty()));
            return Optional.of(new Claim(user, at, previous));
        }

        @Override
        public synchronized void giveBack(Claim claim, Instant pendingSince) {
            rows.put(claim.user(), new NoticeRecord(claim.user(), claim.previous(), Optional.of(pendingSince)));
        }

        @Override
        public synchronized void markPending(String user, Instant since) {
            NoticeRecord before = rows.get(user);
            rows.put(user, new NoticeRecord(user, before == null ? Optional.empty() : before.lastSentAt(), Optional.of(since)));
        }

        @Override
        public synchronized void clearPending(String user) {
            NoticeRecord before = rows.get(user);
            if (before != null) {
                rows.put(user, new NoticeRecord(user, before.lastSentAt(), Optional.empty()));
            }
        }

        @Override
        public synchronized Optional<NoticeRecord> find(String user) {
            return Optional.ofNullable(rows.get(user));
        }

        @Override
        public synchronized List<NoticeRecord> pending() {
            return rows.values().stream().filter(r -> r.pendingSince().isPresent()).toList();
        }
    }
}
