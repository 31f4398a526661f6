package org.mailedge.node.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code mailedge demo}: shows a new user in about a minute, with nothing but a JDK, what
 * Mail Edge does. GreenMail plays the ISP's central server, an unmodified edge node sits in
 * front of it, a population of simulated mail clients polls the edge over real POP3 while new
 * mail arrives at the central server and the central system notifies the edge, all on a
 * {@link CompressedClock} so that hours of an evening pass in a minute.
 *
 * <p>The run starts like a morning: mail is waiting at the central server
 * ({@link WaitingMail}) and the edge's prefetch window pulls it into the cache
 * ({@link PrefetchWindow}), so the subscribers' downloads of it come from the edge. During
 * the simulation the cache keeps what notifications prefetch and what subscribers download,
 * and some subscribers' second devices delete mail straight at the central server
 * ({@link SecondDevices}), which the edge must notice before it serves a cached copy. The
 * run ends with a report of how many checks the edge absorbed, how late new mail became
 * visible, how many message bytes came from the cache, and whether any client was shown a
 * stale mailbox or deleted mail when design.md says it must not be.
 *
 * <p>Lifecycle: {@link #start} brings up the servers, {@link #run} simulates once and returns
 * the report, {@link #close} stops everything; between the last two the servers stay up for
 * a user to try by hand ({@code --stay}).
 */
public final class Demo implements AutoCloseable {

    /** Real-time limit of one POP3 check or SMTP transaction: a hung peer fails it, the demo goes on. */
    static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(10);
    /** How long the end of the run waits for checks and deliveries in flight. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** Separates the mail generator's random stream from the population's, both drawn from one seed. */
    private static final long MAIL_STREAM = 0x6d61696c5f67656eL;
    /** Likewise for the mail waiting before the run and for the second devices. */
    private static final long WAITING_STREAM = 0x77616974696e6721L;
    private static final long DEVICE_STREAM = 0x6465766963657321L;

    private final DemoOptions options;
    private final PrintStream out;
    private final QuietLogs logs;
    private final CompressedClock clock;
    private final Population population;
    private final DemoEnvironment env;
    private final List<Subscriber> deviceOwners;
    private boolean ran;

    private Demo(DemoOptions options, PrintStream out, QuietLogs logs, CompressedClock clock, Population population,
                 DemoEnvironment env, List<Subscriber> deviceOwners) {
        this.options = options;
        this.out = out;
        this.logs = logs;
        this.clock = clock;
        this.population = population;
        this.env = env;
        this.deviceOwners = deviceOwners;
    }

    /** Starts GreenMail with the population's mailboxes and the edge in front of it, and says where they listen. */
    public static Demo start(DemoOptions options, PrintStream out) throws Exception {
        QuietLogs logs = QuietLogs.install();
        try {
            CompressedClock clock = CompressedClock.startingNow(options.timeScale());
            Population population = Population.of(options.subscribers(), options.seed());
            List<Subscriber> deviceOwners = SecondDevices.owners(population.subscribers(), options.seed() ^ DEVICE_STREAM);
            DemoEnvironment env = DemoEnvironment.start(population, clock);
            out.print(Banner.introduction(options, population, env, clock, deviceOwners.size()));
            out.flush();
            return new Demo(options, out, logs, clock, population, env, deviceOwners);
        } catch (Exception | Error e) {
            logs.close();
            throw e;
        }
    }

    /**
     * Delivers the waiting mail and opens the prefetch window, printing a line for each, then
     * simulates for the configured real duration, printing a progress line every few
     * seconds, then waits for the checks and deliveries in flight and reports. Runs once.
     */
    public DemoReport run() throws InterruptedException {
        if (ran) {
            throw new IllegalStateException("a demo runs once");
        }
        ran = true;
        WaitingMail waiting = WaitingMail.deliver(WaitingMail.plan(population.subscribers(), options.seed() ^ WAITING_STREAM),
                centralSmtp(), env.maildrops(), clock);
        out.println(waiting.line(population.size()));
        out.flush();
        PrefetchSummary prefetch = PrefetchWindow.open(env.users(), env.nodeName(), env.scheduler(), population.subscribers());
        out.println(prefetch.line());
        out.flush();

        Timeline timeline = new Timeline(clock, clock.instant(), new AnswerJudge(env.timeRule()));
        waiting.registerIn(timeline);
        PollingSimulation subscribers = new PollingSimulation(population.subscribers(),
                new SubscriberCheck(DemoEnvironment.HOST, env.edgePop3Port(), clock, NETWORK_TIMEOUT), timeline, clock);
        MailGenerator mail = new MailGenerator(population.subscribers(), timeline, centralSmtp(), env.maildrops(),
                new SmtpSender(DemoEnvironment.HOST, env.edgeNotifyPort(), DemoEnvironment.CENTRAL_DOMAIN, NETWORK_TIMEOUT),
                clock, options.mailPerSubscriberHour(), options.notificationLoss(),
                new SplittableRandom(options.seed() ^ MAIL_STREAM).nextLong());
        SecondDevices devices = new SecondDevices(deviceOwners,
                new SecondDeviceCheck(DemoEnvironment.HOST, env.centralPop3Port(), timeline, NETWORK_TIMEOUT), clock,
                new SplittableRandom(options.seed() ^ DEVICE_STREAM).nextLong());

        // virtual first: a progress line taken 5 s after startNanos then shows at least 10 virtual minutes, never 09:59
        Instant virtualStart = clock.instant();
        long startNanos = System.nanoTime();
        subscribers.start();
        mail.start();
        devices.start();
        try {
            waitPrintingProgress(startNanos, virtualStart, timeline);
        } finally {
            boolean devicesStopped = devices.stop(STOP_GRACE);
            boolean mailStopped = mail.stop(STOP_GRACE);
            boolean checksStopped = subscribers.stop(STOP_GRACE);
            if (!devicesStopped || !mailStopped || !checksStopped) {
                out.println("demo: some checks or deliveries were still running " + HumanDuration.format(STOP_GRACE)
                        + " after the end and were cut off");
            }
        }
        Duration real = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration virtual = Duration.between(virtualStart, clock.instant());
        env.flushNotices();
        return new DemoReport(population.mix(), real, virtual, options.timeScale(), env.edge().counters().snapshot(),
                env.edge().notifyStats(),
                new DemoReport.MailTotals(timeline.delivered(), mail.deliveryFailures(), mail.notificationsSent(),
                        mail.notificationsDropped(), mail.notificationFailures(), mail.firstFailure()),
                timeline.visibility(), subscribers.checks(), subscribers.errors(), subscribers.errorExamples(),
                timeline.wrongAnswers(), timeline.deletedMailShown(), timeline.wrongExamples(), env.timeRule(),
                new DemoReport.CacheTotals(waiting.totals(), prefetch, devices.totals(), env.cachedBytes(),
                        timeline.deletedMailRefused()));
    }

    /**
     * For {@code --stay}: turns the session and notification logs back on, so a user's own
     * sessions show, and returns how to try the running servers by hand.
     */
    public String keepServing() {
        logs.close();
        return Banner.tryItYourself(env, population.subscribers().get(0), clock);
    }

    /** Stops the edge and the central server. Idempotent. */
    @Override
    public void close() {
        try {
            env.close();
        } finally {
            logs.close();
        }
    }

    /** Deliveries to the central server, as its mail system makes them. */
    private SmtpSender centralSmtp() {
        return new SmtpSender(DemoEnvironment.HOST, env.centralSmtpPort(), DemoEnvironment.CENTRAL_DOMAIN, NETWORK_TIMEOUT);
    }

    private void waitPrintingProgress(long startNanos, Instant virtualStart, Timeline timeline) throws InterruptedException {
        long endNanos = startNanos + options.duration().toNanos();
        long nextProgress = startNanos + ProgressLine.EVERY.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - endNanos >= 0) {
                return;
            }
            if (nextProgress - endNanos >= 0) {
                TimeUnit.NANOSECONDS.sleep(endNanos - now);
                continue;
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, nextProgress - now));
            out.println(ProgressLine.format(Duration.ofNanos(System.nanoTime() - startNanos), options.duration(),
                    Duration.between(virtualStart, clock.instant()), env.edge().counters().snapshot(),
                    timeline.delivered(), timeline.wrongAnswers()));
            out.flush();
            nextProgress += ProgressLine.EVERY.toNanos();
        }
    }
}
