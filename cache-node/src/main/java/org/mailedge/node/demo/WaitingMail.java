package org.mailedge.node.demo;

import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The mail already waiting at the central server when the run starts, as after a night:
 * about half the subscribers have two or three messages, some of them tens of KB. It is
 * delivered over SMTP before the prefetch window, so the window has something to pull and
 * the subscribers' first downloads can come from the edge.
 *
 * <p>{@link #plan} is pure (the seed decides who gets what); {@link #deliver} does the SMTP.
 */
final class WaitingMail {

    /** Share of subscribers with mail waiting. */
    static final double SHARE_OF_SUBSCRIBERS = 0.5;
    static final int MIN_PER_SUBSCRIBER = 2;
    static final int MAX_PER_SUBSCRIBER = 3;

    private static final String SENDER = "digest@sender.demo";

    /** One message to deliver; its id uses its own prefix, so it never collides with the run's new mail. */
    record Planned(Subscriber to, String id, int bodyLength) {}

    /** A message whose delivery returned at {@code at}. */
    record Delivered(String login, String id, Instant at) {}

    /**
     * @param subscribers subscribers with at least one message delivered
     * @param messages    messages delivered
     * @param large       of them, messages of tens of KB
     * @param failures    deliveries that failed
     */
    public record Totals(int subscribers, int messages, int large, int failures, Optional<String> firstFailure) {}

    private final List<Delivered> delivered;
    private final Totals totals;

    private WaitingMail(List<Delivered> delivered, Totals totals) {
        this.delivered = List.copyOf(delivered);
        this.totals = totals;
    }

    static List<Planned> plan(List<Subscriber> subscribers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Planned> planned = new ArrayList<>();
        for (Subscriber s : subscribers) {
            if (random.nextDouble() >= SHARE_OF_SUBSCRIBERS) {
                continue;
            }
            int count = random.nextInt(MIN_PER_SUBSCRIBER, MAX_PER_SUBSCRIBER + 1);
            for (int i = 0; i < count; i++) {
                planned.add(new Planned(s, String.format(Locale.ROOT, "w%05d", planned.size() + 1), MessageBodies.drawLength(random)));
            }
        }
        return planned;
    }

    /** Delivers each planned message, holding its maildrop as a delivery agent would; a failure is counted, not thrown. */
    static WaitingMail deliver(List<Planned> planned, SmtpSender central, MaildropLocks maildrops, Clock clock) {
        List<Delivered> delivered = new ArrayList<>();
        int failures = 0;
        int largeOnes = 0;
        String firstFailure = null;
        for (Planned p : planned) {
            try (MaildropLocks.Delivery held = maildrops.startDelivery(p.to().login())) {
                central.send(p.id(), SENDER, p.to().centralAddress(), "Waiting message " + p.id(),
                        Map.of(DemoIdHeader.NAME, p.id()), MessageBodies.body(p.to().login(), p.id(), p.bodyLength()));
            } catch (MessagingException e) {
                failures++;
                firstFailure = firstFailure != null ? firstFailure : "delivery of " + p.id() + ": " + e.getMessage();
                continue;
            }
            delivered.add(new Delivered(p.to().login(), p.id(), clock.instant()));
            largeOnes += p.bodyLength() >= MessageBodies.LONG_MIN ? 1 : 0;
        }
        int subscribers = (int) delivered.stream().map(Delivered::login).distinct().count();
        return new WaitingMail(delivered, new Totals(subscribers, delivered.size(), largeOnes, failures,
                Optional.ofNullable(firstFailure)));
    }

    /** Makes the delivered messages known to the judge, owed like any other mail. */
    void registerIn(Timeline timeline) {
        delivered.forEach(d -> timeline.waiting(d.login(), d.id(), d.at()));
    }

    Totals totals() {
        return totals;
    }

    /** The line printed before the prefetch window. */
    String line(int population) {
        return String.format(Locale.ROOT, "mail waiting at the central server: %d messages for %d of %d subscribers (%d of them tens of KB)%s",
                totals.messages(), totals.subscribers(), population, totals.large(),
                totals.failures() == 0 ? "" : "; " + totals.failures() + " deliveries failed");
    }
}
