package org.mailedge.node.simulate;

/**
 * One SplitMix64 random stream per user, held as a single long in an array: a million users'
 * streams cost 8 MB and no objects, and a user's draws do not depend on anybody else's, so a
 * user's polls and mail are the same in any order of simulation.
 */
final class UserStreams {

    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private UserStreams() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long next(long[] states, int i) {
        return mix(states[i] += GAMMA);
    }

    /** Uniform in [0, 1). */
    static double nextDouble(long[] states, int i) {
        return (next(states, i) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [origin, bound). */
    static long nextLong(long[] states, int i, long origin, long bound) {
        return origin + (long) (nextDouble(states, i) * (bound - origin));
    }

    /** Exponential with the given mean (inverse transform; 1 - u is in (0, 1], so the logarithm is finite). */
    static double exponential(long[] states, int i, double mean) {
        return -Math.log(1 - nextDouble(states, i)) * mean;
    }
}
