package org.mailedge.node.delay;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's delay table: users in delay mode whose last check was less than the desired
 * interval n ago, with their delay level ({@link DelayRule}). A user enters it with a check
 * the central server accepted (a wrong password must not raise somebody else's delay) and is
 * dropped once n has passed with no check and the level has faded to zero ({@link #purge}).
 *
 * <p>Pure logic over an injected {@link Clock}, like the attenuation table; thread-safe, each
 * entry under its own monitor.
 */
public final class DelayTable {

    private final ConcurrentHashMap<String, Level> entries = new ConcurrentHashMap<>();
    private final DelayRule rule;
    private final Clock clock;

    public DelayTable(DelayRule rule, Clock clock) {
        this.rule = rule;
        this.clock = clock;
    }

    /**
     * A check by {@code user} that the central server accepted.
     *
     * @param desired n, the desired interval between checks, now
     * @return the delay this session gets in all
     */
    public Duration onCheck(String user, Duration desired) {
        long now = clock.millis();
        Level entry = entries.get(user);
        if (entry == null) {
            // the first check enters the table with no delay
            entries.putIfAbsent(user, new Level(now));
            return Duration.ZERO;
        }
        synchronized (entry) {
            entry.levelMillis = rule.next(entry.levelMillis, now - entry.lastCheckAt, desired.toMillis());
            entry.lastCheckAt = now;
            return Duration.ofMillis(entry.levelMillis);
        }
    }

    /** The user's current level, for operators and tests. */
    public Optional<Duration> level(String user) {
        Level entry = entries.get(user);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            return Optional.of(Duration.ofMillis(entry.levelMillis));
        }
    }

    /**
     * Drops the users whose level has faded to zero and who have not checked for {@code desired}:
     * their next check is a first one. Called periodically by the node.
     *
     * @return how many were dropped
     */
    public int purge(Duration desired) {
        long cutoff = clock.millis() - desired.toMillis();
        int before = entries.size();
        entries.values().removeIf(entry -> {
            synchronized (entry) {
                return entry.levelMillis == 0 && entry.lastCheckAt <= cutoff;
            }
        });
        return before - entries.size();
    }

    /** Drops the user's level (an operator's "unthrottle"): the next check is a first one, undelayed. */
    public boolean forget(String user) {
        return entries.remove(user) != null;
    }

    public int size() {
        return entries.size();
    }

    public DelayRule rule() {
        return rule;
    }

    private static final class Level {
        long lastCheckAt;
        long levelMillis;

        Level(long firstCheckAt) {
            this.lastCheckAt = firstCheckAt;
        }
    }
}
