package org.mailedge.node.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic population and its mail, shared by every policy setting of one run so that
 * the settings are compared on exactly the same checks and the same messages.
 *
 * @param subscribers         users, each with one mail client
 * @param pollIntervals       the clients' poll intervals and their weights
 * @param metronomicShare     0-1: clients with a fixed poll timer (interval ± {@value #TIMER_JITTER_MILLIS} ms); the
 *                            others are people or clients woken by other activity: exponential intervals with the same
 *                            mean, busier by day, and rapid checks when they expect mail
 * @param mailPerSubscriberHour new messages per subscriber per hour, on average over the day
 * @param notificationLoss    0-1: share of messages whose new-mail notification never reaches the edge
 * @param notificationDelay   from a message's arrival in the maildrop to its notification at the edge
 * @param duration            simulated time
 * @param seed                of everything random
 * @param diurnalAmplitude    0-1: mail and the irregular clients' activity follow the day, peaking at 14:00 at
 *                            1 + a times the mean and lowest at 02:00 at 1 - a
 * @param expectingShare      0-1: chance that an irregular client's user expects a new message (sent it to himself,
 *                            was told on the phone) and checks three times in quick succession after it arrives
 */
public record SimulationSettings(int subscribers, List<WeightedInterval> pollIntervals, double metronomicShare,
                                 double mailPerSubscriberHour, double notificationLoss, Duration notificationDelay,
                                 Duration duration, long seed, double diurnalAmplitude, double expectingShare) {

    public static final int DEFAULT_SUBSCRIBERS = 100_000;
    public static final String DEFAULT_POLL_INTERVALS = "1m:5,2m:5,5m:25,10m:35,15m:15,30m:10,1h:5";
    public static final double DEFAULT_METRONOMIC_SHARE = 0.7;
    public static final double DEFAULT_MAIL_PER_SUBSCRIBER_HOUR = 0.5;
    public static final double DEFAULT_NOTIFICATION_LOSS = 0.05;
    public static final Duration DEFAULT_NOTIFICATION_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DURATION = Duration.ofDays(1);
    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_DIURNAL_AMPLITUDE = 0.6;
    public static final double DEFAULT_EXPECTING_SHARE = 0.2;
    /** A poll timer's spread: the check's own duration and network jitter. */
    public static final long TIMER_JITTER_MILLIS = 200;
    /**
     * Adaptive thresholds when a policy does not give them, per subscriber: central sessions
     * per second at which n is at its minimum and at its maximum (80 and 150 per second for
     * 100,000 subscribers, the range the default population spans between night and peak).
     */
    public static final double DEFAULT_LOW_RATE_PER_SUBSCRIBER = 0.0008;
    public static final double DEFAULT_HIGH_RATE_PER_SUBSCRIBER = 0.0015;

    public SimulationSettings {
        pollIntervals = List.copyOf(pollIntervals);
        check(subscribers >= 1 && subscribers < (1 << 28), "subscribers must be within 1-268435455: " + subscribers);
        check(!pollIntervals.isEmpty(), "poll intervals must not be empty");
        check(share(metronomicShare), "metronomic share must be within 0-1: " + metronomicShare);
        check(mailPerSubscriberHour >= 0, "mail rate must be >= 0: " + mailPerSubscriberHour);
        check(share(notificationLoss), "notification loss must be within 0-1: " + notificationLoss);
        check(!notificationDelay.isNegative(), "notification delay must be >= 0: " + notificationDelay);
        check(duration.compareTo(Duration.ofMinutes(1)) >= 0 && duration.compareTo(Duration.ofDays(30)) <= 0,
                "duration must be within 1m-30d: " + duration);
        check(share(diurnalAmplitude), "diurnal amplitude must be within 0-1: " + diurnalAmplitude);
        check(share(expectingShare), "expecting share must be within 0-1: " + expectingShare);
    }

    public static SimulationSettings defaults() {
        return new SimulationSettings(DEFAULT_SUBSCRIBERS, WeightedInterval.parseList(DEFAULT_POLL_INTERVALS),
                DEFAULT_METRONOMIC_SHARE, DEFAULT_MAIL_PER_SUBSCRIBER_HOUR, DEFAULT_NOTIFICATION_LOSS,
                DEFAULT_NOTIFICATION_DELAY, DEFAULT_DURATION, DEFAULT_SEED, DEFAULT_DIURNAL_AMPLITUDE,
                DEFAULT_EXPECTING_SHARE);
    }

    public SimulationSettings withSubscribers(int n) {
        return new SimulationSettings(n, pollIntervals, metronomicShare, mailPerSubscriberHour, notificationLoss,
                notificationDelay, duration, seed, diurnalAmplitude, expectingShare);
    }

    public SimulationSettings withDuration(Duration d) {
        return new SimulationSettings(subscribers, pollIntervals, metronomicShare, mailPerSubscriberHour, notificationLoss,
                notificationDelay, d, seed, diurnalAmplitude, expectingShare);
    }

    public SimulationSettings withNotificationLoss(double loss) {
        return new SimulationSettings(subscribers, pollIntervals, metronomicShare, mailPerSubscriberHour, loss,
                notificationDelay, duration, seed, diurnalAmplitude, expectingShare);
    }

    private static boolean share(double x) {
        return x >= 0 && x <= 1;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** One poll interval and its weight in the population, written {@code 10m:35}. */
    public record WeightedInterval(Duration interval, double weight) {
        public WeightedInterval {
            if (interval.toMillis() < 1000) {
                throw new IllegalArgumentException("a poll interval must be at least 1s: " + interval);
            }
            if (!(weight > 0)) {
                throw new IllegalArgumentException("a weight must be positive: " + weight);
            }
        }

        /** {@code 1m:5,5m:25,10m:35}; a bare interval has weight 1. */
        public static List<WeightedInterval> parseList(String text) {
            List<WeightedInterval> list = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] iw = part.strip().split(":", 2);
                try {
                    list.add(new WeightedInterval(Durations.parse(iw[0]), iw.length == 2 ? Double.parseDouble(iw[1]) : 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("poll intervals must be INTERVAL:WEIGHT,... e.g. "
                            + DEFAULT_POLL_INTERVALS + "; found '" + text + "'");
                }
            }
            return list;
        }

        public static String format(List<WeightedInterval> list) {
            StringBuilder b = new StringBuilder();
            for (WeightedInterval w : list) {
                b.append(b.isEmpty() ? "" : ",").append(Durations.format(w.interval())).append(':')
                        .append(w.weight() == Math.rint(w.weight()) ? String.valueOf((long) w.weight()) : String.valueOf(w.weight()));
            }
            return b.toString();
        }
    }
}
