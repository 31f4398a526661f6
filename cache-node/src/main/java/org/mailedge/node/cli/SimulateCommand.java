package org.mailedge.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mailedge.node.simulate.Durations;
import org.mailedge.node.simulate.PolicySetting;
import org.mailedge.node.simulate.Simulation;
import org.mailedge.node.simulate.SimulationReport;
import org.mailedge.node.simulate.SimulationResult;
import org.mailedge.node.simulate.SimulationSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailedge simulate}: what-if for an operator choosing a policy. Parses the options;
 * the simulation is {@link Simulation}.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the edge's attenuation table on virtual time over a synthetic population, once per policy "
                + "setting on the same checks and mail, and prints for each the reduction of central-server sessions and "
                + "the new-mail visibility delay. No network, no servers.")
final class SimulateCommand implements Callable<Integer> {

    static final List<String> DEFAULT_POLICIES = List.of("time:0m", "time:5m", "time:15m", "one-in-m:4",
            "time:15m+fastcheck", "adaptive:5m-30m", "delay:15m");

    @Option(names = "--policy", paramLabel = "P",
            description = "A policy setting, repeatable: time:N, one-in-m:M, adaptive:MIN-MAX[@LOW-HIGH] (central sessions/s), "
                    + "each optionally +fastcheck or +fastcheck:K/W; or delay:N (delay mode, default step and caps) "
                    + "(default: time:0m time:5m time:15m one-in-m:4 time:15m+fastcheck adaptive:5m-30m delay:15m).")
    List<String> policies = new ArrayList<>();

    @Option(names = "--subscribers", paramLabel = "N", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers = SimulationSettings.DEFAULT_SUBSCRIBERS;

    @Option(names = "--poll-intervals", paramLabel = "LIST",
            description = "Poll intervals with weights (default: ${DEFAULT-VALUE}).")
    String pollIntervals = SimulationSettings.DEFAULT_POLL_INTERVALS;

    @Option(names = "--metronomic", paramLabel = "F",
            description = "Share 0-1 of clients on a fixed poll timer; the rest poll irregularly (default: ${DEFAULT-VALUE}).")
    double metronomic = SimulationSettings.DEFAULT_METRONOMIC_SHARE;

    @Option(names = "--mail-rate", paramLabel = "R",
            description = "New messages per subscriber per hour, day average (default: ${DEFAULT-VALUE}).")
    double mailRate = SimulationSettings.DEFAULT_MAIL_PER_SUBSCRIBER_HOUR;

    @Option(names = "--notification-loss", paramLabel = "F",
            description = "Share 0-1 of new-mail notifications that never arrive (default: ${DEFAULT-VALUE}).")
    double notificationLoss = SimulationSettings.DEFAULT_NOTIFICATION_LOSS;

    @Option(names = "--notification-delay", paramLabel = "D", description = "From arrival to notification (default: 2s).")
    String notificationDelay = "2s";

    @Option(names = "--duration", paramLabel = "D", description = "Simulated time, e.g. 6h, 1d, 7d (default: 1d).")
    String duration = "1d";

    @Option(names = "--diurnal", paramLabel = "A",
            description = "Amplitude 0-1 of the daily cycle of mail and of people's checks (default: ${DEFAULT-VALUE}).")
    double diurnal = SimulationSettings.DEFAULT_DIURNAL_AMPLITUDE;

    @Option(names = "--expecting", paramLabel = "F",
            description = "Chance 0-1 that a person expects a message and checks 3 times quickly after it arrives "
                    + "(default: ${DEFAULT-VALUE}).")
    double expecting = SimulationSettings.DEFAULT_EXPECTING_SHARE;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed = SimulationSettings.DEFAULT_SEED;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write per-policy, per-hour figures as CSV.")
    Path csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SimulationSettings settings;
        List<PolicySetting> parsed = new ArrayList<>();
        try {
            settings = new SimulationSettings(subscribers, SimulationSettings.WeightedInterval.parseList(pollIntervals),
                    metronomic, mailRate, notificationLoss, duration("--notification-delay", notificationDelay),
                    duration("--duration", duration), seed, diurnal, expecting);
            for (String p : policies.isEmpty() ? DEFAULT_POLICIES : policies) {
                parsed.add(PolicySetting.parse(p));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long started = System.nanoTime();
        SimulationResult result = new Simulation(settings, parsed).run();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.print(SimulationReport.table(result));
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%n%,d events in %.1f s of wall time; heap in use %,d MiB of %,d MiB max%n",
                result.events(), seconds, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        if (csv != null) {
            Files.writeString(csv, SimulationReport.csv(result), StandardCharsets.UTF_8);
            System.out.println("CSV written to " + csv);
        }
        return 0;
    }

    private Duration duration(String option, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be a duration such as 500ms, 30s, 15m, 2h or 1d, found '" + value + "'");
        }
    }
}
