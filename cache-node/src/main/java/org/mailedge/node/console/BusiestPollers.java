package org.mailedge.node.console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users who checked most often in about the last hour, in memory that does not grow with
 * the subscriber count: each 10-minute bucket is a Space-Saving summary (Metwally et al.) of
 * at most {@code capacity} users. A user who is not kept takes the place of the least counted
 * one and inherits its count, so a count may be too high by that much, never too low; any user
 * with more than a bucket's checks / capacity in it is kept. The console shows the top ten of
 * the six buckets summed, which is what an operator looking for over-polling clients needs.
 */
public final class BusiestPollers {

    private static final long BUCKET_MILLIS = 10 * 60_000;
    private static final int BUCKETS = 6;

    private final int capacity;
    private final Clock clock;
    private final Bucket[] buckets = new Bucket[BUCKETS];

    public BusiestPollers(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Counts one check by {@code user}. */
    public void record(String user) {
        long index = clock.millis() / BUCKET_MILLIS;
        Bucket bucket;
        synchronized (buckets) {
            int slot = (int) (index % BUCKETS);
            bucket = buckets[slot];
            if (bucket == null || bucket.index != index) {
                bucket = new Bucket(index);
                buckets[slot] = bucket;
            }
        }
        bucket.record(user, capacity);
    }

    /** Checks per user over the buckets of the last hour (the current one included), most first. */
    public List<Poller> top(int limit) {
        Map<String, Long> sums = new HashMap<>();
        for (Bucket bucket : lastHour()) {
            bucket.addTo(sums);
        }
        return sums.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Poller(e.getKey(), e.getValue()))
                .toList();
    }

    /** Checks by {@code user} in the last hour as counted (0 when no bucket kept the user). */
    public long checks(String user) {
        long sum = 0;
        for (Bucket bucket : lastHour()) {
            sum += bucket.count(user);
        }
        return sum;
    }

    private List<Bucket> lastHour() {
        long now = clock.millis() / BUCKET_MILLIS;
        List<Bucket> recent = new ArrayList<>(BUCKETS);
        synchronized (buckets) {
            for (Bucket bucket : buckets) {
                if (bucket != null && bucket.index > now - BUCKETS) {
                    recent.add(bucket);
                }
            }
        }
        return recent;
    }

    public record Poller(String user, long checks) {}

    /**
     * One 10-minute summary. The users are also indexed by count, so that the least counted one,
     * which a new user replaces once the bucket is full, is found without a scan: on the check
     * path, with as many distinct users as subscribers, that replacement is the common case.
     */
    private static final class Bucket {
        final long index;
        private final Map<String, Long> counts = new HashMap<>();
        private final TreeMap<Long, LinkedHashSet<String>> byCount = new TreeMap<>();

        Bucket(long index) {
            this.index = index;
        }

        synchronized void record(String user, int capacity) {
            Long count = counts.get(user);
            long next;
            if (count != null) {
                unindex(user, count);
                next = count + 1;
            } else if (counts.size() < capacity) {
                next = 1;
            } else {
                Map.Entry<Long, LinkedHashSet<String>> least = byCount.firstEntry();
                String evicted = least.getValue().iterator().next();
                unindex(evicted, least.getKey());
                counts.remove(evicted);
                next = least.getKey() + 1;
            }
            counts.put(user, next);
            byCount.computeIfAbsent(next, c -> new LinkedHashSet<>()).add(user);
        }

        private void unindex(String user, long count) {
            LinkedHashSet<String> users = byCount.get(count);
            users.remove(user);
            if (users.isEmpty()) {
                byCount.remove(count);
            }
        }

        synchronized long count(String user) {
            return counts.getOrDefault(user, 0L);
        }

        synchronized void addTo(Map<String, Long> sums) {
            counts.forEach((user, count) -> sums.merge(user, count, Long::sum));
        }
    }
}
