package org.mailedge.node.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mailedge.node.demo.Demo;
import org.mailedge.node.demo.DemoOptions;
import org.mailedge.node.demo.DemoReport;
import org.mailedge.node.demo.HumanDuration;
import org.mailedge.node.demo.ReportFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailedge demo}: the product in a minute, with nothing installed but a JDK. Parses
 * the options; the simulation itself is {@link Demo}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs GreenMail as a central POP3 server and an edge node in front of it, in this JVM. Mail waiting at "
                + "the central server is prefetched into the edge's cache, then simulated subscribers poll the edge over real "
                + "POP3 while mail arrives and second devices delete some straight at the central server, on a compressed "
                + "clock. Prints progress, then a report: checks answered at the edge, central sessions saved, new-mail delay, "
                + "bytes served from the cache, UID mismatches handled, wrong answers.")
final class DemoCommand implements Callable<Integer> {

    /** {@code --check} failed: the run was too weak or wrong; CI reads it. */
    static final int CHECK_FAILED = 1;

    @Option(names = "--subscribers", paramLabel = "N", description = "Simulated subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers = DemoOptions.DEFAULT_SUBSCRIBERS;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Real running time, e.g. 30s, 2m, 1m30s (default: 60s).")
    Duration duration = DemoOptions.DEFAULT_DURATION;

    @Option(names = "--time-scale", paramLabel = "X",
            description = "Virtual seconds per real second (default: 120, so 1 s real = 2 min virtual).")
    double timeScale = DemoOptions.DEFAULT_TIME_SCALE;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of everything random: population, intervals, mail (default: ${DEFAULT-VALUE}).")
    long seed = DemoOptions.DEFAULT_SEED;

    @Option(names = "--notification-loss", paramLabel = "P",
            description = "Fraction 0.0-1.0 of new-mail notifications the central system does not send (default: ${DEFAULT-VALUE}).")
    double notificationLoss = 0.0;

    @Option(names = "--mail-rate", paramLabel = "R",
            description = "New messages per subscriber per virtual hour (default: ${DEFAULT-VALUE}).")
    double mailRate = DemoOptions.DEFAULT_MAIL_PER_SUBSCRIBER_HOUR;

    @Option(names = "--stay", description = "After the report, keep the servers running to try them by hand, until Ctrl-C.")
    boolean stay;

    @Option(names = "--check", description = "Exit with status 1 unless >= 90 %% of checks were answered at the edge, "
            + "with no wrong answers and no errors, and the prefetch window completed (for CI).")
    boolean check;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DemoOptions options;
        try {
            options = new DemoOptions(subscribers, duration, timeScale, seed, notificationLoss, mailRate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Demo demo = Demo.start(options, System.out);
        boolean closeHere = true;
        try {
            DemoReport report = demo.run();
            System.out.print(ReportFormatter.format(report));
            List<String> failures = report.checkFailures();
            if (check) {
                System.out.println(failures.isEmpty() ? "check: passed" : "check: FAILED: " + String.join("; ", failures));
            }
            if (stay) {
                closeHere = false;
                stayUntilInterrupted(demo);
            }
            return check && !failures.isEmpty() ? CHECK_FAILED : 0;
        } finally {
            if (closeHere) {
                demo.close();
            }
        }
    }

    private static void stayUntilInterrupted(Demo demo) throws InterruptedException {
        System.out.println();
        System.out.print(demo.keepServing());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        stopped.await();
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return HumanDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
