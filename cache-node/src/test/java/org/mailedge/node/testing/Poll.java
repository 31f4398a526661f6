package org.mailedge.node.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling every millisecond (no sleeps of a guessed length). */
public final class Poll {

    /** A condition that may do I/O. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    /**
     * Returns as soon as {@code condition} holds; fails with {@code what} (and the state
     * {@code detail} describes) once {@code timeout} has passed.
     *
     * @return how long it took
     */
    public static Duration until(Duration timeout, String what, Condition condition, Supplier<String> detail)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what + "; " + detail.get());
            }
            LockSupport.parkNanos(1_000_000);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public static Duration until(Duration timeout, String what, Condition condition) throws Exception {
        return until(timeout, what, condition, () -> "");
    }
}
