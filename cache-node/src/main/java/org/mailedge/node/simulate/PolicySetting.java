package org.mailedge.node.simulate;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailedge.node.attenuation.AdaptiveInterval;
import org.mailedge.node.attenuation.FastCheck;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.node.attenuation.ReleasePolicy;
import org.mailedge.node.attenuation.RhythmClassifier;

/**
 * One policy setting to simulate, as written on the command line:
 * <ul>
 *   <li>{@code time:15m}: the time rule with n = 15 min ({@code time:0m} attenuates nothing);
 *   <li>{@code one-in-m:4}: every 4th check goes through;
 *   <li>{@code adaptive:5m-30m}: n from load between 5 and 30 min, with the load thresholds of
 *       the simulation ({@code adaptive:5m-30m@40-120} sets them: central sessions per second);
 *   <li>{@code delay:15m}: delay mode with n = 15 min and the default step and caps; every
 *       check goes through, and the delay a session gets pushes back that client's next check;
 *   <li>any of the first three {@code +fastcheck} (3 checks in 30 s, 10 min lockout) or
 *       {@code +fastcheck:K/W} (e.g. {@code +fastcheck:4/60s}).
 * </ul>
 * The demand rule (notifications) applies to all.
 */
public record PolicySetting(String name, Kind kind, Duration interval, int m, Duration max,
                            double lowRate, double highRate, Optional<FastCheck> fastCheck) {

    public enum Kind { TIME, ONE_IN_M, ADAPTIVE, DELAY }

    private static final Pattern TIME = Pattern.compile("time:(\\w+)");
    private static final Pattern DELAY = Pattern.compile("delay:(\\w+)");
    private static final Pattern ONE_IN_M = Pattern.compile("one-in-m:(\\d+)");
    private static final Pattern ADAPTIVE = Pattern.compile("adaptive:(\\w+)-(\\w+)(?:@([\\d.]+)-([\\d.]+))?");
    private static final Pattern FAST = Pattern.compile("fastcheck(?::(\\d+)/(\\w+))?");

    /** Rates below 0 mean: the simulation picks them from the population ({@link SimulationSettings}). */
    static final double UNSET = -1;

    /**
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static PolicySetting parse(String text) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        String[] parts = spec.split("\\+", 2);
        Optional<FastCheck> fast = Optional.empty();
        if (parts.length == 2) {
            Matcher f = FAST.matcher(parts[1]);
            if (!f.matches()) {
                throw invalid(text);
            }
            fast = Optional.of(f.group(1) == null ? FastCheck.defaults()
                    : new FastCheck(Integer.parseInt(f.group(1)), Durations.parse(f.group(2)),
                            FastCheck.DEFAULT_LOCKOUT, RhythmClassifier.DEFAULT));
        }
        Matcher t = TIME.matcher(parts[0]);
        if (t.matches()) {
            return new PolicySetting(spec, Kind.TIME, Durations.parse(t.group(1)), 0, null, UNSET, UNSET, fast);
        }
        Matcher d = DELAY.matcher(parts[0]);
        if (d.matches() && fast.isEmpty()) {
            return new PolicySetting(spec, Kind.DELAY, Durations.parse(d.group(1)), 0, null, UNSET, UNSET, fast);
        }
        Matcher o = ONE_IN_M.matcher(parts[0]);
        if (o.matches()) {
            return new PolicySetting(spec, Kind.ONE_IN_M, null, Integer.parseInt(o.group(1)), null, UNSET, UNSET, fast);
        }
        Matcher a = ADAPTIVE.matcher(parts[0]);
        if (a.matches()) {
            double low = a.group(3) == null ? UNSET : Double.parseDouble(a.group(3));
            double high = a.group(4) == null ? UNSET : Double.parseDouble(a.group(4));
            return new PolicySetting(spec, Kind.ADAPTIVE, Durations.parse(a.group(1)), 0, Durations.parse(a.group(2)),
                    low, high, fast);
        }
        throw invalid(text);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("policy must be time:N, one-in-m:M or adaptive:MIN-MAX[@LOW-HIGH], "
                + "optionally followed by +fastcheck or +fastcheck:K/W, e.g. time:15m+fastcheck, or delay:N; found '" + text + "'");
    }

    /** The release rule of one run; an adaptive one gets {@code signal}, which the run feeds. */
    ReleasePolicy releasePolicy(LoadSignal signal, double defaultLowRate, double defaultHighRate) {
        return switch (kind) {
            case TIME, DELAY -> new ReleasePolicy.TimeRule(interval);
            case ONE_IN_M -> new ReleasePolicy.OneInM(m);
            case ADAPTIVE -> new ReleasePolicy.AdaptiveTimeRule(new AdaptiveInterval(interval, max,
                    lowRate == UNSET ? defaultLowRate : lowRate, highRate == UNSET ? defaultHighRate : highRate, signal));
        };
    }
}
