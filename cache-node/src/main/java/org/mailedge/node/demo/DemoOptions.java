package org.mailedge.node.demo;

import java.time.Duration;

/**
 * What a demo run simulates, validated once: every error names the option and its range.
 *
 * @param subscribers          simulated subscribers, {@code sub0001} to {@code subNNNN}
 * @param duration             real time the simulation runs
 * @param timeScale            virtual seconds per real second (see {@link CompressedClock})
 * @param seed                 the only source of randomness: population, polling intervals and mail
 * @param notificationLoss     fraction of new-mail notifications the central system does not send,
 *                             to show the time rule covering for lost notifications
 * @param mailPerSubscriberHour mean new messages per subscriber per virtual hour (a Poisson process)
 */
public record DemoOptions(int subscribers, Duration duration, double timeScale, long seed,
                          double notificationLoss, double mailPerSubscriberHour) {

    public static final int DEFAULT_SUBSCRIBERS = 200;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    /** 1 real second = 2 virtual minutes: the default minute shows two hours. */
    public static final double DEFAULT_TIME_SCALE = 120;
    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_MAIL_PER_SUBSCRIBER_HOUR = 0.5;

    /** Login names are {@code sub%04d}; beyond this the demo is a load test, not a demo. */
    static final int MAX_SUBSCRIBERS = 9999;
    /** A demo, not a soak test; also keeps virtual time within a {@code long} of nanoseconds at any scale. */
    static final Duration MAX_DURATION = Duration.ofHours(24);

    public DemoOptions {
        require(subscribers >= 1 && subscribers <= MAX_SUBSCRIBERS, "--subscribers must be 1 to " + MAX_SUBSCRIBERS + ", was " + subscribers);
        require(!duration.isNegative() && !duration.isZero() && duration.compareTo(MAX_DURATION) <= 0,
                "--duration must be greater than 0 and at most " + HumanDuration.format(MAX_DURATION) + ", was " + duration);
        require(timeScale > 0 && timeScale <= 100_000, "--time-scale must be greater than 0 and at most 100000, was " + timeScale);
        require(notificationLoss >= 0 && notificationLoss <= 1, "--notification-loss must be 0.0 to 1.0, was " + notificationLoss);
        require(mailPerSubscriberHour >= 0 && mailPerSubscriberHour <= 1000,
                "--mail-rate must be 0 to 1000 messages per subscriber per virtual hour, was " + mailPerSubscriberHour);
    }

    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_SUBSCRIBERS, DEFAULT_DURATION, DEFAULT_TIME_SCALE, DEFAULT_SEED, 0.0,
                DEFAULT_MAIL_PER_SUBSCRIBER_HOUR);
    }

    /** The simulated span of the subscribers' and the mail system's time. */
    public Duration virtualDuration() {
        return Duration.ofNanos(Math.round(duration.toNanos() * timeScale));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
