package org.mailedge.node.limits;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions at once per user and client address (Dovecot's {@code mail_max_userip_connections},
 * default 10). It is counted at login, not at connect: before login the edge does not know the
 * user. One subscriber's devices behind one address get their share; a script that opens
 * session after session for one mailbox is stopped at the limit without touching anyone
 * else, and without the central server ever seeing the surplus logins.
 *
 * <p>Thread-safe; the counts live only while sessions hold slots, so memory follows the
 * sessions open, not the users ever seen.
 */
public final class PerUserAndAddress {

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /** @param max sessions per user and address at once; 0 for no limit */
    public PerUserAndAddress(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
        this.max = max;
    }

    /** A slot for one more session of {@code user} from {@code address}, or empty at the limit. */
    public Optional<Slot> tryAcquire(String user, String address) {
        if (max == 0) {
            return Optional.of(Slot.NONE);
        }
        String key = user + "\u0000" + address;
        boolean[] taken = {false};
        open.compute(key, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0] ? Optional.of(new Slot(() -> open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1)))
                : Optional.empty();
    }

    /** Sessions holding a slot for {@code user} from {@code address} now. */
    public int count(String user, String address) {
        return open.getOrDefault(user + "\u0000" + address, 0);
    }

    /** One counted session; {@link #release()} is idempotent. */
    public static final class Slot {

        static final Slot NONE = new Slot(() -> { });

        private final Runnable onRelease;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Runnable onRelease) {
            this.onRelease = onRelease;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                onRelease.run();
            }
        }
    }
}
