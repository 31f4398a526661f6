package org.mailedge.node.demo;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The central mail system's side of the demo: new mail arrives as a Poisson process in
 * virtual time, each message for a subscriber drawn at random, its length drawn by
 * {@link MessageBodies}. A message is delivered to the
 * central server over real SMTP, holding the subscriber's maildrop lock as a local delivery
 * agent would (see {@link MaildropLocks}); when that transaction has returned, a new-mail notification
 * for the subscriber goes to the edge's listener as its own plain SMTP transaction (as a
 * Sieve {@code notify} action or an MTA hook would send it), unless the configured loss
 * drops it.
 *
 * <p>Arrival instants are planned on the virtual time line and each delay is recomputed from
 * the clock, so time spent in SMTP does not stretch the process. One thread sends
 * everything, in order: the central system notifies only after it has stored the message.
 */
final class MailGenerator {

    private static final String SENDER = "newsletter@sender.demo";
    private static final String NOTIFIER = "notify@" + DemoEnvironment.CENTRAL_DOMAIN;

    private final List<Subscriber> subscribers;
    private final Timeline timeline;
    private final SmtpSender central;
    private final MaildropLocks maildrops;
    private final SmtpSender edgeNotify;
    private final CompressedClock clock;
    private final double meanGapMillis;
    private final double notificationLoss;
    private final SplittableRandom random;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicLong deliveryFailures = new AtomicLong();
    private final AtomicLong notificationsSent = new AtomicLong();
    private final AtomicLong notificationsDropped = new AtomicLong();
    private final AtomicLong notificationFailures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean stopping;
    private Instant nextArrival;

    /**
     * @param perSubscriberHour mean messages per subscriber per virtual hour; 0 sends nothing
     * @param notificationLoss  fraction of notifications not sent
     */
    MailGenerator(List<Subscriber> subscribers, Timeline timeline, SmtpSender central, MaildropLocks maildrops,
                  SmtpSender edgeNotify, CompressedClock clock, double perSubscriberHour, double notificationLoss, long seed) {
        this.subscribers = subscribers;
        this.timeline = timeline;
        this.central = central;
        this.maildrops = maildrops;
        this.edgeNotify = edgeNotify;
        this.clock = clock;
        double perHour = perSubscriberHour * subscribers.size();
        this.meanGapMillis = perHour > 0 ? Duration.ofHours(1).toMillis() / perHour : Double.POSITIVE_INFINITY;
        this.notificationLoss = notificationLoss;
        this.random = new SplittableRandom(seed);
        this.thread = new ScheduledThreadPoolExecutor(1, DemoThreads.named("demo-mail"));
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void start() {
        if (Double.isInfinite(meanGapMillis)) {
            return;
        }
        nextArrival = clock.instant();
        scheduleNext();
    }

    /** Stops after the message in progress (delivery and notification both finish). */
    boolean stop(Duration grace) throws InterruptedException {
        stopping = true;
        thread.shutdown();
        boolean finished = thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            thread.shutdownNow();
        }
        return finished;
    }

    long deliveryFailures() {
        return deliveryFailures.get();
    }

    long notificationsSent() {
        return notificationsSent.get();
    }

    long notificationsDropped() {
        return notificationsDropped.get();
    }

    long notificationFailures() {
        return notificationFailures.get();
    }

    /** The first SMTP failure's text, for the report; empty while none happened. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    private void scheduleNext() {
        if (stopping) {
            return;
        }
        // inverse transform sampling of the exponential gap; 1 - u is in (0, 1]
        long gap = Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis);
        nextArrival = nextArrival.plusMillis(gap);
        Duration wait = Duration.between(clock.instant(), nextArrival);
        long realNanos = wait.isNegative() ? 0 : clock.toReal(wait).toNanos();
        try {
            thread.schedule(this::arrive, realNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stop() shut the thread down meanwhile: the process ends
        }
    }

    private void arrive() {
        if (stopping) {
            return;
        }
        Subscriber to = subscribers.get(random.nextInt(subscribers.size()));
        int bodyLength = MessageBodies.drawLength(random);
        String id = timeline.newMessage(to.login());
        try {
            MaildropLocks.Delivery held = maildrops.startDelivery(to.login());
            try {
                central.send(id, SENDER, to.centralAddress(), "Demo message " + id, Map.of(DemoIdHeader.NAME, id),
                        MessageBodies.body(to.login(), id, bodyLength));
            } finally {
                held.close();
            }
            timeline.delivered(id);
            notifyEdge(to, id);
        } catch (MessagingException e) {
            deliveryFailures.incrementAndGet();
            firstFailure.compareAndSet(null, "delivery of " + id + ": " + e.getMessage());
        }
        scheduleNext();
    }

    private void notifyEdge(Subscriber to, String id) {
        if (random.nextDouble() < notificationLoss) {
            notificationsDropped.incrementAndGet();
            return;
        }
        try {
            edgeNotify.send("notify-" + id, NOTIFIER, to.notificationAddress(), "New mail for " + to.login(), Map.of(),
                    "New mail is waiting for " + to.login() + ".\r\n");
            timeline.notified(id);
            notificationsSent.incrementAndGet();
        } catch (MessagingException e) {
            notificationFailures.incrementAndGet();
            firstFailure.compareAndSet(null, "notification for " + id + ": " + e.getMessage());
        }
    }
}
