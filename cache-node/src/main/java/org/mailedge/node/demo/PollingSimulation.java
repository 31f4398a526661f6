package org.mailedge.node.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every subscriber's poll loop on a few shared threads. Each subscriber's next check is
 * scheduled when its previous one has finished (a mail client's poll timer restarts after a
 * check), so one subscriber never has two checks in flight and the thread count bounds the
 * concurrent POP3 sessions, however many subscribers there are.
 *
 * <p>Intervals are virtual; they are turned into real delays by the {@link CompressedClock}.
 * If the threads cannot keep up, checks start late: the simulation then polls less than the
 * profiles say, which lowers the numbers but never makes an answer look wrong.
 */
final class PollingSimulation {

    /**
     * Concurrent checks. An attenuated check takes about a millisecond on loopback and one that
     * goes through a few; a check that waits for a slow central server holds its thread, and
     * the others' polls start late rather than piling up.
     */
    static final int THREADS = 8;
    /** Errors whose text the report shows; all are counted. */
    static final int MAX_ERROR_EXAMPLES = 5;

    private final List<Subscriber> subscribers;
    private final SubscriberCheck check;
    private final Timeline timeline;
    private final VirtualTimeLoop loop;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorExamples = new ArrayList<>();

    PollingSimulation(List<Subscriber> subscribers, SubscriberCheck check, Timeline timeline, CompressedClock clock) {
        this.subscribers = subscribers;
        this.check = check;
        this.timeline = timeline;
        this.loop = new VirtualTimeLoop(THREADS, "demo-subscriber", clock);
    }

    void start() {
        for (Subscriber s : subscribers) {
            Poller poller = new Poller(s);
            schedule(poller, s.profile().firstCheckAfter(poller.random));
        }
    }

    /**
     * Stops scheduling, drops checks not yet started and waits for those in flight.
     *
     * @return false if checks were still running after {@code grace}
     */
    boolean stop(Duration grace) throws InterruptedException {
        return loop.stop(grace);
    }

    long checks() {
        return checks.get();
    }

    long errors() {
        return errors.get();
    }

    List<String> errorExamples() {
        synchronized (errorExamples) {
            return List.copyOf(errorExamples);
        }
    }

    private void schedule(Poller poller, Duration virtualDelay) {
        loop.after(virtualDelay, () -> runCheck(poller));
    }

    private void runCheck(Poller poller) {
        boolean downloadAgain = poller.subscriber.profile().downloadsAgain(poller.random);
        CheckResult result = check.run(poller.subscriber, poller.idsByUid, downloadAgain);
        checks.incrementAndGet();
        timeline.record(poller.subscriber.login(), result);
        result.error().ifPresent(this::countError);
        schedule(poller, poller.subscriber.profile().nextInterval(poller.random));
    }

    private void countError(String error) {
        errors.incrementAndGet();
        synchronized (errorExamples) {
            if (errorExamples.size() < MAX_ERROR_EXAMPLES) {
                errorExamples.add(error);
            }
        }
    }

    /** One subscriber's client: its random stream and the UIDs it has downloaded. */
    private static final class Poller {
        final Subscriber subscriber;
        final SplittableRandom random;
        final Map<String, String> idsByUid = new HashMap<>();

        Poller(Subscriber subscriber) {
            this.subscriber = subscriber;
            this.random = new SplittableRandom(subscriber.randomSeed());
        }
    }
}
