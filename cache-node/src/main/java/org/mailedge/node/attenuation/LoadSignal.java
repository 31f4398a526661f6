package org.mailedge.node.attenuation;

/**
 * The load the edge puts on the central server, as it measures it itself: the rate of
 * central sessions it opens, per second, smoothed by an exponentially weighted moving average
 * over time.
 *
 * <p>Each session adds {@code 1 / tau} to the estimate, and the estimate decays by
 * {@code exp(-dt / tau)} in between, so a steady rate r reads r, and a change shows with time
 * constant {@code tau} (63 % of a step after tau, 95 % after 3 tau). Smoothing over time rather
 * than over a count of sessions makes the reading independent of how busy the node is, and
 * costs O(1) per session with no timer and no thread: the time is passed in by the caller (the
 * node's clock, or the simulator's virtual one).
 *
 * <p>The POP3 layer calls {@link #recordCentralSession} once for each session it opens at the
 * central server, whatever the outcome of the login. Thread-safe: a short monitor.
 */
public final class LoadSignal {

    public static final long DEFAULT_TAU_MILLIS = 5 * 60_000L;

    private final double tauMillis;
    private double rate;
    private long at = Long.MIN_VALUE;

    /** @param tauMillis the smoothing time constant, positive */
    public LoadSignal(long tauMillis) {
        if (tauMillis <= 0) {
            throw new IllegalArgumentException("tau must be positive: " + tauMillis + " ms");
        }
        this.tauMillis = tauMillis;
    }

    /** Counts one session opened at the central server at {@code nowMillis}. */
    public synchronized void recordCentralSession(long nowMillis) {
        decayTo(nowMillis);
        rate += 1000.0 / tauMillis;
    }

    /** The smoothed rate of central sessions per second at {@code nowMillis}. */
    public synchronized double sessionsPerSecond(long nowMillis) {
        decayTo(nowMillis);
        return rate;
    }

    private void decayTo(long now) {
        if (at == Long.MIN_VALUE) {
            at = now;
            return;
        }
        if (now > at) {
            rate *= Math.exp(-(now - at) / tauMillis);
            at = now;
        }
    }
}
