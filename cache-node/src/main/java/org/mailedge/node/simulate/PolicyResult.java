package org.mailedge.node.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * What one policy setting did to the simulated population.
 *
 * @param checks           checks the clients made under this policy
 * @param clientChecks     checks the same clients make without the edge: the central sessions there would be;
 *                         fewer are made under delay mode, whose delays push back the clients' timers
 * @param central          checks that went through to the central server
 * @param fastCheckRewards of those, the ones the fast check let through
 * @param delayInsertedMillis delay mode: the delay inserted into sessions, in all
 * @param delays           new-mail visibility delay: from a message's arrival to the first check that went through
 *                         after it, for every message seen before the end
 * @param unseen           messages no check had shown by the end
 * @param hourly           the same, hour by hour (delays by the hour the message arrived)
 */
public record PolicyResult(String policy, long checks, long clientChecks, long central, long fastCheckRewards, long delayInsertedMillis, Delays delays,
                           long unseen, List<Hour> hourly) {

    /** The share of central sessions saved, in percent: 1 - central sessions / the clients' checks without the edge. */
    public double reductionPercent() {
        return clientChecks == 0 ? 0 : 100.0 * (clientChecks - central) / clientChecks;
    }

    public record Delays(long messages, double meanSeconds, double p95Seconds, double p99Seconds, double maxSeconds) {
        static Delays of(DelayHistogram h) {
            return new Delays(h.count(), h.meanSeconds(), h.percentileSeconds(0.95), h.percentileSeconds(0.99), h.maxSeconds());
        }
    }

    /** @param meanIntervalMinutes the adaptive rule's mean n over the hour; NaN for other rules */
    public record Hour(int hour, long checks, long clientChecks, long central, Delays delays, double meanIntervalMinutes) {
        public double reductionPercent() {
            return clientChecks == 0 ? 0 : 100.0 * (clientChecks - central) / clientChecks;
        }
    }

    /** @param baseline a run whose checks are the clients' own (any run but a delay run) */
    static PolicyResult of(PolicyRun run, PolicyRun baseline) {
        List<Hour> hours = new ArrayList<>();
        for (int h = 0; h < run.hourlyChecks.length; h++) {
            double n = run.hourlyIntervalSamples[h] == 0 ? Double.NaN
                    : run.hourlyIntervalSum[h] / run.hourlyIntervalSamples[h] / 60_000.0;
            hours.add(new Hour(h, run.hourlyChecks[h], baseline.hourlyChecks[h], run.hourlyCentral[h],
                    Delays.of(run.hourlyDelays[h]), n));
        }
        return new PolicyResult(run.setting.name(), run.checks, baseline.checks, run.central, run.fastCheckRewards,
                run.delayInsertedMillis, Delays.of(run.delays), run.unseen(), List.copyOf(hours));
    }
}
