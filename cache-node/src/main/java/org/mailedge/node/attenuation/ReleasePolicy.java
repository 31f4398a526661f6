package org.mailedge.node.attenuation;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a user's check, by a user the edge knows, goes through to the central
 * server (the seed's "predetermined algorithm"). Pure logic over the entry's own fields;
 * the demand rule (a new-mail notification) is applied by {@link AttenuationTable} on top
 * of any policy, because it must release a check whatever the policy says.
 */
public sealed interface ReleasePolicy permits ReleasePolicy.TimeRule, ReleasePolicy.OneInM, ReleasePolicy.AdaptiveTimeRule {

    /**
     * @param millisSinceKnown time since the edge last learned the maildrop's state
     * @param checksSinceRelease checks answered at the edge since the last check that went through
     */
    boolean releases(long millisSinceKnown, int checksSinceRelease);

    /**
     * As {@link #releases(long, int)}, for a rule that also depends on the time of the check;
     * the table asks this one.
     */
    default boolean releases(long nowMillis, long millisSinceKnown, int checksSinceRelease) {
        return releases(millisSinceKnown, checksSinceRelease);
    }

    /**
     * n, the interval the rule wants between a user's checks at {@code nowMillis}: for delay
     * mode and the {@code [LOGIN-DELAY]} of reject mode. Empty for a rule that is not about time.
     */
    Optional<Duration> desiredInterval(long nowMillis);

    /** The preferred rule: after a check that went through, answer at the edge for {@code interval}. */
    record TimeRule(Duration interval) implements ReleasePolicy {
        public TimeRule {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("interval must not be negative: " + interval);
            }
        }

        @Override
        public boolean releases(long millisSinceKnown, int checksSinceRelease) {
            return millisSinceKnown >= interval.toMillis();
        }

        @Override
        public Optional<Duration> desiredInterval(long nowMillis) {
            return Optional.of(interval);
        }
    }

    /**
     * The seed's alternative "one out of every m checks goes through". Not preferred (a
     * client that polls slowly waits m polls for its mail), offered because operators ask
     * for a rule whose effect on load is exact.
     */
    record OneInM(int m) implements ReleasePolicy {
        public OneInM {
            if (m < 1) {
                throw new IllegalArgumentException("m must be >= 1: " + m);
            }
        }

        @Override
        public boolean releases(long millisSinceKnown, int checksSinceRelease) {
            return checksSinceRelease >= m - 1;
        }

        @Override
        public Optional<Duration> desiredInterval(long nowMillis) {
            return Optional.empty();
        }
    }

    /**
     * The time rule with n from load ({@link AdaptiveInterval}). Without the time of the check
     * ({@link #releases(long, int)}) it uses the largest n, the safe side.
     */
    record AdaptiveTimeRule(AdaptiveInterval interval) implements ReleasePolicy {
        @Override
        public boolean releases(long millisSinceKnown, int checksSinceRelease) {
            return millisSinceKnown >= interval.max().toMillis();
        }

        @Override
        public boolean releases(long nowMillis, long millisSinceKnown, int checksSinceRelease) {
            return millisSinceKnown >= interval.intervalMillis(nowMillis);
        }

        @Override
        public Optional<Duration> desiredInterval(long nowMillis) {
            return Optional.of(Duration.ofMillis(interval.intervalMillis(nowMillis)));
        }
    }
}
