package org.mailedge.node.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections at once, in all and per client address, counted when a connection is admitted
 * (after a trusted load balancer's PROXY header, so per address means per subscriber
 * address). Thread-safe: the event loops of all connections share one instance.
 */
public final class ConnectionCounts {

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    /** @param max connections at once, 0 for no limit; @param maxPerAddress the same per address */
    public ConnectionCounts(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a connection from {@code address} if both limits allow it. */
    public boolean tryAdmit(String address) {
        if (total.incrementAndGet() > max && max > 0) {
            total.decrementAndGet();
            return false;
        }
        boolean[] admitted = {true};
        perAddress.compute(address, (k, n) -> {
            int count = n == null ? 0 : n;
            if (maxPerAddress > 0 && count >= maxPerAddress) {
                admitted[0] = false;
                return n;
            }
            return count + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
        }
        return admitted[0];
    }

    /** Uncounts a connection {@link #tryAdmit} admitted. */
    public void release(String address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }

    public int total() {
        return total.get();
    }
}
