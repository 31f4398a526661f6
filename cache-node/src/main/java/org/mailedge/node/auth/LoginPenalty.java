package org.mailedge.node.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing (RFC 1939 §13; Dovecot's auth penalty): the reply to a failed
 * login waits 2 s, then 4 s, 8 s, capped at 15 s, counted per client address and per user,
 * whichever has failed more. Successful logins are never delayed, so a guesser slows only
 * its own replies. A count is forgotten once {@code forgetAfter} has passed since its last
 * failure.
 *
 * <p>This class only computes delays; the POP3 layer schedules the reply on a timer so no
 * Netty thread ever waits.
 */
public final class LoginPenalty {

    /** Bound on remembered keys, so a spray of addresses or user names cannot exhaust memory. */
    static final int MAX_KEYS = 200_000;

    private final Duration first;
    private final Duration cap;
    private final Duration forgetAfter;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> byKey = new ConcurrentHashMap<>();

    public LoginPenalty(Duration first, Duration cap, Duration forgetAfter, Clock clock) {
        if (first.isNegative() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= cap, got " + first + " and " + cap);
        }
        this.first = first;
        this.cap = cap;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
    }

    /** The defaults of the brief: 2 s, doubling, capped at 15 s, forgotten after 15 minutes. */
    public static LoginPenalty standard(Clock clock) {
        return new LoginPenalty(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofMinutes(15), clock);
    }

    /** Records a failed login and returns how long its reply must wait. */
    public Duration onFailure(String clientAddress, String user) {
        long now = clock.millis();
        if (byKey.size() >= MAX_KEYS) {
            byKey.values().removeIf(f -> f.expired(now, forgetAfter));
        }
        int failures = Math.max(bump(addressKey(clientAddress), now), bump(userKey(user), now));
        return delayFor(failures);
    }

    /** A correct password clears the user's count; the address keeps its own. */
    public void onSuccess(String user) {
        byKey.remove(userKey(user));
    }

    Duration delayFor(int failures) {
        // 2 s, 4 s, 8 s ...: first * 2^(failures-1), computed without overflow
        long millis = first.toMillis();
        for (int i = 1; i < failures && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    private int bump(String key, long now) {
        return byKey.compute(key, (k, f) -> f == null || f.expired(now, forgetAfter)
                ? new Failures(1, now)
                : new Failures(f.count() + 1, now)).count();
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }

    private static String userKey(String user) {
        return "u:" + user;
    }

    private record Failures(int count, long lastAt) {
        boolean expired(long now, Duration forgetAfter) {
            return now - lastAt >= forgetAfter.toMillis();
        }
    }
}
