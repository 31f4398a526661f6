package org.mailedge.node.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code mailedge demo}: shows a new user in about a minute, with nothing but a JDK, what
 * Mail Edge does. GreenMail plays the ISP's central server, an unmodified edge node sits in
 * front of it, a population of simulated mail clients polls the edge over real POP3 while new
 * mail arrives at the central server and the central system notifies the edge, all on a
 * {@link CompressedClock} so that hours of an evening pass in a minute. The run ends with a
 * report of how many checks the edge absorbed, how late new mail became visible, and whether
 * any client was shown a stale mailbox when design.md says it must not be.
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

    private final DemoOptions options;
    private final PrintStream out;
    private final QuietLogs logs;
    private final CompressedClock clock;
    private final Population population;
    private final DemoEnvironment env;
    private boolean ran;

    private Demo(DemoOptions options, PrintStream out, QuietLogs logs, CompressedClock clock, Population population,
                 DemoEnvironment env) {
        this.options = options;
        this.out = out;
        this.logs = logs;
        this.clock = clock;
        this.population = population;
        this.env = env;
    }

    /** Starts GreenMail with the population's mailboxes and the edge in front of it, and says where they listen. */
    public static Demo start(DemoOptions options, PrintStream out) throws Exception {
        QuietLogs logs = QuietLogs.install();
        try {
            CompressedClock clock = CompressedClock.startingNow(options.timeScale());
            Population population = Population.of(options.subscribers(), options.seed());
            DemoEnvironment env = DemoEnvironment.start(population, clock);
            out.print(Banner.introduction(options, population, env, clock));
            out.flush();
            return new Demo(options, out, logs, clock, population, env);
        } catch (Exception | Error e) {
            logs.close();
            throw e;
        }
    }

    /**
     * Simulates for the configured real duration, printing a progress line every few seconds,
     * then waits for the checks and deliveries in flight and reports. Runs once.
     */
    public DemoReport run() throws InterruptedException {
        if (ran) {
            throw new IllegalStateException("a demo runs once");
        }
        ran = true;
        Timeline timeline = new Timeline(clock, clock.instant(), new AnswerJudge(env.timeRule()));
        PollingSimulation subscribers = new PollingSimulation(population.subscribers(),
                new SubscriberCheck(DemoEnvironment.HOST, env.edgePop3Port(), clock, NETWORK_TIMEOUT), timeline, clock);
        MailGenerator mail = new MailGenerator(population.subscribers(), timeline,
                new SmtpSender(DemoEnvironment.HOST, env.centralSmtpPort(), DemoEnvironment.CENTRAL_DOMAIN, NETWORK_TIMEOUT),
                env.maildrops(),
                new SmtpSender(DemoEnvironment.HOST, env.edgeNotifyPort(), DemoEnvironment.CENTRAL_DOMAIN, NETWORK_TIMEOUT),
                clock, options.mailPerSubscriberHour(), options.notificationLoss(),
                new SplittableRandom(options.seed() ^ MAIL_STREAM).nextLong());

        long startNanos = System.nanoTime();
        Instant virtualStart = clock.instant();
        subscribers.start();
        mail.start();
        try {
            waitPrintingProgress(startNanos, virtualStart, timeline);
        } finally {
            boolean mailStopped = mail.stop(STOP_GRACE);
            boolean checksStopped = subscribers.stop(STOP_GRACE);
            if (!mailStopped || !checksStopped) {
                out.println("demo: some checks or deliveries were still running " + HumanDuration.format(STOP_GRACE)
                        + " after the end and were cut off");
            }
        }
        Duration real = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration virtual = Duration.between(virtualStart, clock.instant());
        return new DemoReport(population.mix(), real, virtual, options.timeScale(), env.edge().counters().snapshot(),
                env.edge().notifyStats(),
                new DemoReport.MailTotals(timeline.delivered(), mail.deliveryFailures(), mail.notificationsSent(),
                        mail.notificationsDropped(), mail.notificationFailures(), mail.firstFailure()),
                timeline.visibility(), subscribers.checks(), subscribers.errors(), subscribers.errorExamples(),
                timeline.wrongAnswers(), timeline.wrongExamples(), env.timeRule());
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
