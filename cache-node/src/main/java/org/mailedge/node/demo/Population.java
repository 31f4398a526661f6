package org.mailedge.node.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The demo's subscribers, drawn from the seed alone, so one seed always gives the same
 * population. The shares model what an ISP sees at its POP3 front: over-polling always-on
 * clients dominate the check count, which is the load Mail Edge exists to take away.
 *
 * <table>
 *   <caption>Profiles and their shares of the population</caption>
 *   <tr><th>share</th><th>profile</th><th>interval (virtual)</th><th>mail</th></tr>
 *   <tr><td>30 %</td><td>metronomic</td><td>30 s</td><td>RETR + DELE everything</td></tr>
 *   <tr><td>25 %</td><td>metronomic</td><td>1 min</td><td>RETR + DELE everything</td></tr>
 *   <tr><td>10 %</td><td>metronomic</td><td>2 min</td><td>RETR + DELE everything</td></tr>
 *   <tr><td>5 %</td><td>metronomic</td><td>5 min</td><td>RETR + DELE everything</td></tr>
 *   <tr><td>15 %</td><td>irregular</td><td>exponential, mean 1 to 3 min</td><td>RETR + DELE everything</td></tr>
 *   <tr><td>15 %</td><td>leave-on-server</td><td>fixed, 1 to 2 min</td><td>RETR of unseen UIDs, no DELE</td></tr>
 * </table>
 *
 * <p>With the default time rule (15 minutes) a client polling every {@code i} has about one
 * check in {@code 15 min / i + 1} go through, plus one per new-mail notification, plus its
 * first check; these shares give over 90 % of checks answered at the edge in the default run
 * (two virtual hours) and in CI's 30-second run (one virtual hour, where every subscriber's
 * first check weighs more). The 5-minute pollers are there to show that slower clients gain
 * less, not to raise the score.
 *
 * <p>Counts per profile are exact shares of the population (largest remainder), shuffled
 * over the login names by the seed; the intervals within a range are drawn per subscriber.
 */
final class Population {

    private record Share(int percent, Function<SplittableRandom, PollingProfile> profile) {}

    private static final List<Share> SHARES = List.of(
            new Share(30, r -> PollingProfile.metronomic(Duration.ofSeconds(30))),
            new Share(25, r -> PollingProfile.metronomic(Duration.ofMinutes(1))),
            new Share(10, r -> PollingProfile.metronomic(Duration.ofMinutes(2))),
            new Share(5, r -> PollingProfile.metronomic(Duration.ofMinutes(5))),
            new Share(15, r -> PollingProfile.irregular(Duration.ofSeconds(r.nextLong(60, 181)))),
            new Share(15, r -> PollingProfile.leaveOnServer(Duration.ofSeconds(r.nextLong(60, 121)))));

    static {
        if (SHARES.stream().mapToInt(Share::percent).sum() != 100) {
            throw new IllegalStateException("population shares must add up to 100 %");
        }
    }

    private final List<Subscriber> subscribers;

    private Population(List<Subscriber> subscribers) {
        this.subscribers = List.copyOf(subscribers);
    }

    static Population of(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Share> slots = new ArrayList<>(count);
        int[] counts = exactCounts(count);
        for (int i = 0; i < SHARES.size(); i++) {
            slots.addAll(Collections.nCopies(counts[i], SHARES.get(i)));
        }
        Collections.shuffle(slots, new Random(random.nextLong()));
        List<Subscriber> subscribers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom own = random.split();
            String login = Subscriber.login(i + 1);
            subscribers.add(new Subscriber(login, Subscriber.password(login), slots.get(i).profile().apply(own), own.nextLong()));
        }
        return new Population(subscribers);
    }

    List<Subscriber> subscribers() {
        return subscribers;
    }

    int size() {
        return subscribers.size();
    }

    /** How many subscribers follow each profile label, in the order of the table above. */
    Map<String, Integer> mix() {
        Map<String, Integer> mix = new LinkedHashMap<>();
        for (Share share : SHARES) {
            mix.put(share.profile().apply(new SplittableRandom(0)).label(), 0);
        }
        for (Subscriber s : subscribers) {
            mix.merge(s.profile().label(), 1, Integer::sum);
        }
        mix.values().removeIf(n -> n == 0);
        return mix;
    }

    /** Largest-remainder apportionment of {@code count} over the shares. */
    private static int[] exactCounts(int count) {
        int[] counts = new int[SHARES.size()];
        double[] remainders = new double[SHARES.size()];
        int assigned = 0;
        for (int i = 0; i < SHARES.size(); i++) {
            double exact = count * SHARES.get(i).percent() / 100.0;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }
        while (assigned < count) {
            int best = 0;
            for (int i = 1; i < remainders.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return counts;
    }
}
