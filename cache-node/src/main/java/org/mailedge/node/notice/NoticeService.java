package org.mailedge.node.notice;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mailedge.db.notices.NoticeLog;
import org.mailedge.db.notices.NoticeRecord;
import org.mailedge.node.metrics.EdgeCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails users whose checks the edge answers, once per period (docs/policies.md, "Attenuation
 * notices"). {@link #onAttenuated} runs on a POP3 event loop and only notes the user and the
 * time in a concurrent map; everything else (the store, the relay) happens on one daemon
 * thread that sweeps that map every {@code notices.sweep-interval}. A POP3 session therefore
 * never waits for the relay or the store, whatever state they are in.
 *
 * <p>Each owed notice is claimed in the store before it is sent ({@link NoticeLog#claim}),
 * so neither a restart nor a second node sharing the store sends a second one within the
 * period. A notice the relay does not take is given back and kept, in memory and in the
 * store, for the next sweep; after the first such failure a sweep sends nothing more, so a
 * dead relay costs one time-out per sweep, not one per user. The cost of claiming first: a
 * crash between claim and hand-over loses that one notice (never mail); the user, if still
 * checking too often, gets the next one a period later.
 */
public final class NoticeService implements AttenuationNotices, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeService.class);

    private final NoticeSettings settings;
    private final NoticeLog log;
    private final NoticeRelay relay;
    private final jakarta.mail.Session mailSession;
    /** Resolved at the first notice: the admin server's port is known only once it is listening. */
    private final Supplier<URI> helpLink;
    /** Notice thread only: the link, once resolved. */
    private URI resolvedLink;
    private final String hostName;
    private final EdgeCounters counters;
    private final Clock clock;
    private final InternetAddress from;
    /** Users with a check answered at the edge since the last sweep: the latest such instant. Written by event loops. */
    private final ConcurrentHashMap<String, Instant> attenuated = new ConcurrentHashMap<>();
    /** Notice thread only: users notified less than a period ago, so repeat checks need no store read. */
    private final Map<String, Notified> notified = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "attenuation-notices");
        t.setDaemon(true);
        return t;
    });

    /** A notice sent at {@code at}; {@code suppressionCounted}: a later check in the period was already counted as suppressed. */
    private record Notified(Instant at, boolean suppressionCounted) {}

    /** What one sweep did. {@code kept}: notices owed but not sent, retried at the next sweep. */
    public record SweepResult(int sent, int failed, int suppressed, int kept) {}

    NoticeService(NoticeSettings settings, NoticeLog log, NoticeRelay relay, jakarta.mail.Session mailSession, Supplier<URI> helpLink,
                  String hostName, EdgeCounters counters, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.relay = relay;
        this.mailSession = mailSession;
        this.helpLink = helpLink;
        this.hostName = hostName;
        this.counters = counters;
        this.clock = clock;
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("notices.from was validated at load: " + settings.from(), e);
        }
    }

    /**
     * Starts the service over the SMTP relay in {@code settings}: loads the notices the store
     * still owes (the relay was down, or the node stopped with notices queued) and schedules
     * the sweep.
     */
    public static NoticeService start(NoticeSettings settings, NoticeLog log, Supplier<URI> helpLink, String hostName,
                                      EdgeCounters counters, Clock clock) {
        SmtpRelay relay = new SmtpRelay(settings.relay().orElseThrow(), settings.relayTimeout(), hostName);
        NoticeService service = new NoticeService(settings, log, relay, relay.session(), helpLink, hostName, counters, clock);
        for (NoticeRecord owed : log.pending()) {
            owed.pendingSince().ifPresent(since -> service.attenuated.merge(owed.user(), since, NoticeService::later));
        }
        long every = settings.sweepInterval().toMillis();
        service.thread.scheduleWithFixedDelay(service::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        return service;
    }

    @Override
    public void onAttenuated(String user) {
        attenuated.merge(user, clock.instant(), NoticeService::later);
    }

    /** Sweeps now, on the notice thread (after any sweep in progress); the future completes when it is done. */
    public Future<SweepResult> sweepNow() {
        return thread.submit(this::sweep);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("attenuation notice sweep failed; owed notices are kept for the next one", e);
        }
    }

    private SweepResult sweep() {
        Instant now = clock.instant();
        notified.values().removeIf(n -> !n.at().plus(settings.period()).isAfter(now));
        List<String> users = new ArrayList<>(attenuated.keySet());
        int sent = 0;
        int failed = 0;
        int suppressed = 0;
        int kept = 0;
        Optional<String> relayDown = Optional.empty();
        Optional<RuntimeException> storeDown = Optional.empty();
        for (String user : users) {
            Instant at = attenuated.remove(user);
            if (at == null) {
                continue;
            }
            if (storeDown.isPresent()) {
                keep(user, at);
                kept++;
                continue;
            }
            try {
                Notified known = notified.get(user);
                NoticeRule.Decision decision = NoticeRule.decide(at, Optional.ofNullable(known).map(Notified::at), now, settings.period());
                if (decision == NoticeRule.Decision.STALE) {
                    log.clearPending(user);
                    suppressed++;
                    continue;
                }
                if (decision == NoticeRule.Decision.ALREADY_NOTIFIED) {
                    suppressed += suppressOnce(user, known);
                    continue;
                }
                if (relayDown.isPresent()) {
                    keep(user, at);
                    kept++;
                    continue;
                }
                Optional<NoticeLog.Claim> claim = log.claim(user, now, NoticeRule.sentNoLaterThan(at, settings.period()));
                if (claim.isEmpty()) {
                    // sent by another node, or before a restart: its time comes from the store
                    Instant other = log.find(user).flatMap(NoticeRecord::lastSentAt).orElse(now);
                    suppressed += suppressOnce(user, new Notified(other, false));
                    continue;
                }
                NoticeRelay.Outcome outcome = send(user, now);
                if (outcome instanceof NoticeRelay.Outcome.Sent) {
                    notified.put(user, new Notified(claim.get().at(), false));
                    counters.noticesSent.increment();
                    sent++;
                    LOG.info("attenuation notice sent to {}", user);
                } else if (outcome instanceof NoticeRelay.Outcome.TryLater later) {
                    log.giveBack(claim.get(), at);
                    keep(user, at);
                    counters.noticesFailed.increment();
                    failed++;
                    kept++;
                    relayDown = Optional.of(later.reason());
                } else if (outcome instanceof NoticeRelay.Outcome.Refused refused) {
                    // the claim stands: not retried before the next period
                    notified.put(user, new Notified(claim.get().at(), false));
                    counters.noticesFailed.increment();
                    failed++;
                    LOG.warn("attenuation notice to {} refused, not retried within the period: {}", user, refused.reason());
                }
            } catch (RuntimeException e) {
                // the store: keep this and the rest for the next sweep
                keep(user, at);
                kept++;
                storeDown = Optional.of(e);
            }
        }
        storeDown.ifPresent(e -> LOG.warn("the store failed during the notice sweep; {} notices kept for the next one", attenuated.size(), e));
        relayDown.ifPresent(reason -> LOG.warn("the notice relay did not take a notice ({}); {} notices kept for the next sweep",
                reason, attenuated.size()));
        return new SweepResult(sent, failed, suppressed, kept);
    }

    /** Counts a suppressed notice once per user and period, however often the user is attenuated in it. */
    private int suppressOnce(String user, Notified known) {
        if (known.suppressionCounted()) {
            notified.put(user, known);
            return 0;
        }
        notified.put(user, new Notified(known.at(), true));
        counters.noticesSuppressed.increment();
        return 1;
    }

    private void keep(String user, Instant at) {
        attenuated.merge(user, at, NoticeService::later);
    }

    private NoticeRelay.Outcome send(String user, Instant now) {
        Optional<InternetAddress> to = recipient(user);
        if (to.isEmpty()) {
            return new NoticeRelay.Outcome.Refused("no mail address for user " + user
                    + (settings.domain().isEmpty() ? " (set notices.domain)" : ""));
        }
        MimeMessage message;
        try {
            message = NoticeMessage.build(mailSession, from, to.get(), hostName, settings.desiredInterval(), settings.period(),
                    link(), now);
        } catch (MessagingException e) {
            return new NoticeRelay.Outcome.Refused("cannot build the notice: " + e.getMessage());
        }
        return relay.send(message);
    }

    private URI link() {
        if (resolvedLink == null) {
            resolvedLink = helpLink.get();
        }
        return resolvedLink;
    }

    /** The POP3 user name when it is an address, else {@code user@notices.domain}. */
    Optional<InternetAddress> recipient(String user) {
        String address = user.contains("@") ? user : settings.domain().map(d -> user + "@" + d).orElse(null);
        if (address == null) {
            return Optional.empty();
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return Optional.of(parsed);
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Stops the sweep and keeps the notices still owed in the store, for the next start. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
        for (Map.Entry<String, Instant> owed : attenuated.entrySet()) {
            if (notified.containsKey(owed.getKey())) {
                continue;
            }
            try {
                log.markPending(owed.getKey(), owed.getValue());
            } catch (RuntimeException e) {
                LOG.warn("could not keep the notice owed to {} for the next start", owed.getKey(), e);
            }
        }
    }

    /** Waits for {@link #sweepNow()}; for tests and the demo. */
    public SweepResult sweepAndWait() throws InterruptedException {
        try {
            return sweepNow().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the notice sweep failed", e.getCause());
        }
    }
}
