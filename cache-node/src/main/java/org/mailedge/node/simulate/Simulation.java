package org.mailedge.node.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code mailedge simulate}'s engine: a discrete-event simulation on virtual time of a
 * synthetic population polling an edge node, with every policy setting run on the same events,
 * each through its own {@link org.mailedge.node.attenuation.AttenuationTable} (the node's own
 * code, nothing re-implemented). One thread, no sockets, no wall-clock time: the same settings
 * and seed give the same numbers.
 *
 * <p>The agenda holds each subscriber's next poll and next message arrival (a Poisson process,
 * thinned to follow the day), pending notifications, rapid checks of users who expect mail,
 * and a sample tick each simulated minute. The clients' checks do not depend on the answers
 * they get, so every policy sees exactly the same checks and messages; except in delay mode,
 * where a delayed session pushes back the client's next check (its timer starts when the
 * session ends), so each delay setting runs alone on the same messages and poll timers.
 */
public final class Simulation {

    private static final int TYPE_SHIFT = 28;
    private static final int ID_MASK = (1 << TYPE_SHIFT) - 1;
    private static final int POLL = 0;
    private static final int RAPID = 1;
    private static final int MAIL = 2;
    private static final int NOTIFY = 3;
    private static final int SAMPLE = 4;

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** The day's peak of mail and of people's checks is at 14:00, its trough at 02:00. */
    private static final long PEAK_AT = 14 * HOUR;
    private static final long SAMPLE_EVERY = 60_000L;
    /** Rapid checks of a user who expects mail: three, the first 10-60 s after arrival, then 3-20 s apart. */
    static final int RAPID_CHECKS = 3;

    /** The simulated day starts at midnight UTC, 2026-12-03. */
    static final long START = 1_796_256_000_000L;

    private final SimulationSettings settings;
    private final List<PolicySetting> policies;

    public Simulation(SimulationSettings settings, List<PolicySetting> policies) {
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("at least one policy setting is needed");
        }
        this.settings = settings;
        this.policies = List.copyOf(policies);
    }

    public SimulationResult run() {
        int n = settings.subscribers();
        SplittableRandom populationRandom = new SplittableRandom(settings.seed());
        String[] names = new String[n];
        // the poll interval in ms, negative for an irregular client: one array, one cache miss per check
        int[] interval = new int[n];
        double totalWeight = settings.pollIntervals().stream().mapToDouble(SimulationSettings.WeightedInterval::weight).sum();
        for (int i = 0; i < n; i++) {
            names[i] = "sub" + i;
            double pick = populationRandom.nextDouble() * totalWeight;
            SimulationSettings.WeightedInterval chosen = settings.pollIntervals().get(settings.pollIntervals().size() - 1);
            for (SimulationSettings.WeightedInterval w : settings.pollIntervals()) {
                pick -= w.weight();
                if (pick < 0) {
                    chosen = w;
                    break;
                }
            }
            boolean irregular = populationRandom.nextDouble() >= settings.metronomicShare();
            interval[i] = (int) chosen.interval().toMillis() * (irregular ? -1 : 1);
        }

        VirtualClock clock = new VirtualClock(START);
        int hours = (int) Math.max(1, (settings.duration().toMillis() + HOUR - 1) / HOUR);
        double lowRate = SimulationSettings.DEFAULT_LOW_RATE_PER_SUBSCRIBER * n;
        double highRate = SimulationSettings.DEFAULT_HIGH_RATE_PER_SUBSCRIBER * n;
        List<PolicyRun> runs = new ArrayList<>();
        List<PolicyRun> byUser = new ArrayList<>();
        List<PolicyRun> byTime = new ArrayList<>();
        List<PolicyRun> delayed = new ArrayList<>();
        for (PolicySetting p : policies) {
            PolicyRun run = new PolicyRun(p, n, hours, clock, lowRate, highRate);
            runs.add(run);
            (run.adaptive() ? byTime : run.delays() ? delayed : byUser).add(run);
        }

        Engine engine = new Engine(names, interval, clock);
        if (!byUser.isEmpty()) {
            engine.runUserByUser(byUser);
        }
        PolicyRun baseline;
        if (byUser.isEmpty() && byTime.isEmpty()) {
            // only delay settings: the clients' own checks come from a run that lets everything through
            baseline = new PolicyRun(PolicySetting.parse("time:0m"), n, hours, clock, lowRate, highRate);
            engine.runUserByUser(List.of(baseline));
        } else {
            baseline = byUser.isEmpty() ? byTime.get(0) : byUser.get(0);
        }
        for (PolicyRun run : delayed) {
            // its delays move its clients' checks, so it cannot share the others' events
            engine.runUserByUser(List.of(run));
        }
        if (!byTime.isEmpty()) {
            engine.runInTimeOrder(byTime);
        }
        List<PolicyResult> results = new ArrayList<>();
        for (PolicyRun run : runs) {
            results.add(PolicyResult.of(run, baseline));
        }
        return new SimulationResult(settings, results, engine.events, engine.messages, engine.lostNotifications);
    }

    /**
     * Generates and dispatches the events. Every user has two random streams of its own, one for
     * its polls and one for its mail, so a user's events are the same whatever else is simulated
     * and in whichever order.
     *
     * <p>Two orders, same events: a policy whose tables are independent per user (time rule,
     * one-in-m, fast check) is run user by user, each user's day through a small agenda of its
     * own, so the user's table entries stay in the processor's cache; an adaptive policy couples
     * all users through the load it measures and is run on one agenda in global time order.
     * The results of a policy do not depend on the order ({@code SimulationTest} checks it).
     */
    private final class Engine {
        private final String[] names;
        private final int[] interval;
        private final VirtualClock clock;
        private final long end = START + settings.duration().toMillis();
        private final double amplitude = settings.diurnalAmplitude();
        /** Mean gap between candidate arrivals for one user, at the day's peak rate (thinned to the time of day). */
        private final double mailGapMillis;
        private long[] pollState;
        private long[] mailState;
        long events;
        long messages;
        long lostNotifications;

        Engine(String[] names, int[] interval, VirtualClock clock) {
            this.names = names;
            this.interval = interval;
            this.clock = clock;
            double perUserPeakPerMilli = settings.mailPerSubscriberHour() / HOUR * (1 + amplitude);
            this.mailGapMillis = perUserPeakPerMilli > 0 ? 1 / perUserPeakPerMilli : Double.POSITIVE_INFINITY;
        }

        private void seedStreams() {
            int n = names.length;
            pollState = new long[n];
            mailState = new long[n];
            for (int i = 0; i < n; i++) {
                pollState[i] = UserStreams.mix(settings.seed() ^ UserStreams.mix(2L * i + 1));
                mailState[i] = UserStreams.mix(settings.seed() ^ UserStreams.mix(2L * i + 2));
            }
        }

        private void firstEvents(int id, EventQueue queue) {
            queue.add(START + UserStreams.nextLong(pollState, id, 0, Math.abs(interval[id])), event(POLL, id));
            if (mailGapMillis != Double.POSITIVE_INFINITY) {
                queue.add(START + Math.round(UserStreams.exponential(mailState, id, mailGapMillis)), event(MAIL, id));
            }
        }

        void runUserByUser(List<PolicyRun> runs) {
            seedStreams();
            boolean count = events == 0;
            EventQueue queue = new EventQueue();
            for (int id = 0; id < names.length; id++) {
                queue.clear();
                firstEvents(id, queue);
                drain(queue, runs, count);
            }
        }

        void runInTimeOrder(List<PolicyRun> runs) {
            seedStreams();
            boolean count = events == 0;
            EventQueue queue = new EventQueue();
            for (int id = 0; id < names.length; id++) {
                firstEvents(id, queue);
            }
            queue.add(START, event(SAMPLE, 0));
            drain(queue, runs, count);
        }

        /** @param count whether to count messages (once, in the first order run: the second sees the same) */
        private void drain(EventQueue queue, List<PolicyRun> runs, boolean count) {
            while (!queue.isEmpty() && queue.peekTime() < end) {
                long now = queue.peekTime();
                int e = queue.poll();
                int id = e & ID_MASK;
                clock.set(now);
                events++;
                switch (e >>> TYPE_SHIFT) {
                    case POLL -> {
                        long delayed = 0;
                        for (PolicyRun run : runs) {
                            delayed = Math.max(delayed, run.check(id, names[id], now));
                        }
                        int every = interval[id];
                        long wait = every < 0
                                ? Math.max(1000, Math.round(UserStreams.exponential(pollState, id, -every / activity(now, amplitude))))
                                : every + UserStreams.nextLong(pollState, id, -SimulationSettings.TIMER_JITTER_MILLIS,
                                        SimulationSettings.TIMER_JITTER_MILLIS + 1);
                        queue.add(now + delayed + wait, e);
                    }
                    case RAPID -> {
                        for (PolicyRun run : runs) {
                            run.check(id, names[id], now);
                        }
                    }
                    case MAIL -> {
                        // thinning: candidates at the peak rate, kept in proportion to the time of day
                        if (UserStreams.nextDouble(mailState, id) * (1 + amplitude) < activity(now, amplitude)) {
                            arrive(id, now, queue, runs, count);
                        }
                        queue.add(now + Math.max(1, Math.round(UserStreams.exponential(mailState, id, mailGapMillis))), e);
                    }
                    case NOTIFY -> {
                        for (PolicyRun run : runs) {
                            run.notifyNewMail(names[id]);
                        }
                    }
                    case SAMPLE -> {
                        for (PolicyRun run : runs) {
                            run.sample(now);
                        }
                        queue.add(now + SAMPLE_EVERY, e);
                    }
                    default -> throw new IllegalStateException("unknown event " + e);
                }
            }
        }

        private void arrive(int id, long now, EventQueue queue, List<PolicyRun> runs, boolean count) {
            if (count) {
                messages++;
            }
            for (PolicyRun run : runs) {
                run.deliver(id, now);
            }
            if (UserStreams.nextDouble(mailState, id) < settings.notificationLoss()) {
                if (count) {
                    lostNotifications++;
                }
            } else {
                queue.add(now + settings.notificationDelay().toMillis(), event(NOTIFY, id));
            }
            if (interval[id] < 0 && UserStreams.nextDouble(mailState, id) < settings.expectingShare()) {
                long t = now + UserStreams.nextLong(mailState, id, 10_000, 60_001);
                for (int k = 0; k < RAPID_CHECKS; k++) {
                    queue.add(t, event(RAPID, id));
                    t += UserStreams.nextLong(mailState, id, 3_000, 20_001);
                }
            }
        }
    }

    private static int event(int type, int id) {
        return (type << TYPE_SHIFT) | id;
    }

    /** 1 + a sin(...): the time of day's multiple of the mean rate, 1 + a at 14:00, 1 - a at 02:00. */
    static double activity(long now, double amplitude) {
        double phase = 2 * Math.PI * (Math.floorMod(now - START - PEAK_AT, DAY)) / DAY;
        return 1 + amplitude * Math.cos(phase);
    }

}
