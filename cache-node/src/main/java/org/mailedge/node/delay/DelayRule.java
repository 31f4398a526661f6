package org.mailedge.node.delay;

import java.time.Duration;

/**
 * How much delay a user's sessions get (the seed's delay table: "the amount of delay is
 * programmable based on the frequency of POP checks"). Pure arithmetic on the user's level,
 * the total delay their next session gets:
 *
 * <ul>
 *   <li>a check earlier than the desired interval n raises the level by
 *       {@code step x (n - since) / n}: a full step for back-to-back checks, little for a
 *       client that polls only slightly too often;</li>
 *   <li>a check on time lowers it by {@code step x since / n}: at least a step, more after a
 *       long pause, so the delay fades gradually once the client slows down;</li>
 *   <li>the level stays within 0 and {@code maxTotal}.</li>
 * </ul>
 *
 * <p>Most clients start their poll timer when a session ends, so the delay lengthens the whole
 * cycle: the level settles where poll interval plus delay is about n, and a client polling
 * every minute against n = 15 min is held at {@code maxTotal}.
 *
 * @param step        the most one check raises the level
 * @param maxTotal    the most delay one session gets, over all its replies
 * @param maxPerReply the longest single wait: well under clients' read time-outs (60 s for many)
 */
public record DelayRule(Duration step, Duration maxTotal, Duration maxPerReply) {

    public static final Duration DEFAULT_STEP = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_TOTAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_PER_REPLY = Duration.ofSeconds(15);

    public DelayRule {
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        if (maxTotal.isNegative() || maxPerReply.isNegative() || maxPerReply.isZero()) {
            throw new IllegalArgumentException("need maxTotal >= 0 and maxPerReply > 0: " + maxTotal + ", " + maxPerReply);
        }
    }

    public static DelayRule defaults() {
        return new DelayRule(DEFAULT_STEP, DEFAULT_MAX_TOTAL, DEFAULT_MAX_PER_REPLY);
    }

    /**
     * The level after a check that came {@code sinceMillis} after the previous one.
     *
     * @param levelMillis   the level before this check
     * @param desiredMillis n, the desired interval between checks; 0 = no check is early
     */
    long next(long levelMillis, long sinceMillis, long desiredMillis) {
        long stepMillis = step.toMillis();
        long level;
        if (sinceMillis < desiredMillis) {
            level = levelMillis + Math.round((double) stepMillis * (desiredMillis - sinceMillis) / desiredMillis);
        } else {
            double steps = desiredMillis == 0 ? 1 : Math.max(1.0, (double) sinceMillis / desiredMillis);
            level = levelMillis - Math.round(stepMillis * steps);
        }
        return Math.max(0, Math.min(maxTotal.toMillis(), level));
    }

    /** The waits of a session whose total delay is {@code total}. */
    public DelayBudget budget(Duration total) {
        return new DelayBudget(total.toMillis(), maxPerReply.toMillis());
    }
}
