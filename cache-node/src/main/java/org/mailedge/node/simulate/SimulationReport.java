package org.mailedge.node.simulate;

import java.util.Locale;

/** The simulator's output: a table for people, a CSV for plotting. */
public final class SimulationReport {

    private SimulationReport() {
    }

    /** The comparison table, one row per policy setting, with a line on the population. */
    public static String table(SimulationResult result) {
        SimulationSettings s = result.settings();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%,d subscribers, %s simulated, poll intervals %s, %.0f %% metronomic,%n",
                s.subscribers(), Durations.format(s.duration()),
                SimulationSettings.WeightedInterval.format(s.pollIntervals()), 100 * s.metronomicShare()));
        b.append(String.format(Locale.ROOT, "%,d messages (%.2f per subscriber-hour, diurnal %.0f %%), %,d notifications lost "
                        + "(%.1f %%), notification delay %s, seed %d%n%n",
                result.messages(), s.mailPerSubscriberHour(), 100 * s.diurnalAmplitude(), result.lostNotifications(),
                100 * s.notificationLoss(), Durations.format(s.notificationDelay()), s.seed()));
        b.append("| policy | checks | central sessions | reduction | fast-check rewards | inserted delay per check "
                + "| delay mean | p95 | p99 | max | unseen at end |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (PolicyResult p : result.policies()) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f %% | %,d | %s | %s | %s | %s | %s | %,d |%n",
                    p.policy(), p.checks(), p.central(), p.reductionPercent(), p.fastCheckRewards(),
                    human(p.checks() == 0 ? 0 : p.delayInsertedMillis() / 1000.0 / p.checks()),
                    human(p.delays().meanSeconds()), human(p.delays().p95Seconds()), human(p.delays().p99Seconds()),
                    human(p.delays().maxSeconds()), p.unseen()));
        }
        return b.toString();
    }

    /** One row per policy and hour, then one per policy for the whole run ({@code hour} = {@code all}). */
    public static String csv(SimulationResult result) {
        StringBuilder b = new StringBuilder(
                "policy,hour,checks,central_sessions,reduction_pct,messages_seen,delay_mean_s,delay_p95_s,delay_p99_s,"
                        + "delay_max_s,adaptive_n_min\n");
        for (PolicyResult p : result.policies()) {
            for (PolicyResult.Hour h : p.hourly()) {
                row(b, p.policy(), String.valueOf(h.hour()), h.checks(), h.central(), h.reductionPercent(), h.delays(),
                        h.meanIntervalMinutes());
            }
        }
        for (PolicyResult p : result.policies()) {
            double n = p.hourly().stream().mapToDouble(PolicyResult.Hour::meanIntervalMinutes).filter(x -> !Double.isNaN(x))
                    .average().orElse(Double.NaN);
            row(b, p.policy(), "all", p.checks(), p.central(), p.reductionPercent(), p.delays(), n);
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String policy, String hour, long checks, long central, double reduction,
                            PolicyResult.Delays d, double n) {
        b.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.2f,%d,%.1f,%.0f,%.0f,%.1f,%s%n", policy, hour, checks, central,
                reduction, d.messages(), d.meanSeconds(), d.p95Seconds(), d.p99Seconds(), d.maxSeconds(),
                Double.isNaN(n) ? "" : String.format(Locale.ROOT, "%.2f", n)));
    }

    /** {@code 42 s}, {@code 7.5 min}, {@code 2.3 h}. */
    static String human(double seconds) {
        if (seconds < 100) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 6000) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
