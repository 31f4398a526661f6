package org.mailedge.node.attenuation;

import java.time.Duration;

/**
 * The time rule's n set from load: {@code min} while the central sessions the edge opens stay
 * at or below {@code lowRate} per second, {@code max} at or above {@code highRate}, and in
 * between linearly. Low n when the central server is idle costs nothing and shows mail
 * sooner; high n at peaks is where attenuation pays.
 *
 * <p>The loop is closed: a higher n lowers the rate, which lowers n. Linear interpolation of
 * a smoothed signal settles on the point where the two curves cross instead of switching
 * between min and max; the smoothing time constant ({@link LoadSignal}) should be a few
 * minutes, of the order of n itself, so that the rule does not chase single bursts.
 *
 * @param lowRate  central sessions per second at or below which n is {@code min}
 * @param highRate central sessions per second at or above which n is {@code max}
 */
public record AdaptiveInterval(Duration min, Duration max, double lowRate, double highRate, LoadSignal signal) {

    public AdaptiveInterval {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
        }
        if (!(lowRate >= 0 && highRate > lowRate)) {
            throw new IllegalArgumentException("need 0 <= lowRate < highRate: " + lowRate + ", " + highRate);
        }
    }

    /** n at {@code nowMillis}, in milliseconds. */
    public long intervalMillis(long nowMillis) {
        double load = signal.sessionsPerSecond(nowMillis);
        double f = Math.max(0, Math.min(1, (load - lowRate) / (highRate - lowRate)));
        return min.toMillis() + Math.round(f * (max.toMillis() - min.toMillis()));
    }
}
