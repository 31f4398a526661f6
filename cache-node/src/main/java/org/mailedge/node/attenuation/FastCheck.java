package org.mailedge.node.attenuation;

import java.time.Duration;

/**
 * The seed's "fast check": a user who knows mail is there and checks again and again gets
 * it. The k-th of k checks within {@code window} goes through although the release rule
 * would answer it at the edge; after such a reward, rapid checks are answered at the edge
 * again until {@code lockout} has passed since it, so persistence costs the central server at
 * most one session per lockout.
 *
 * <p>Only irregular rapid checks are rewarded: when the {@link RhythmClassifier} finds the
 * intervals between them metronomic, they come from a client's poll timer set far too short,
 * and are attenuated strictly (no reward, ever).
 *
 * <p>An optional collaborator of {@link AttenuationTable}, asked last, just before a check
 * would be answered at the edge: the demand rule and the release rule keep precedence, and a
 * table without one behaves exactly as before. It keeps its state in the user's entry (the
 * last check's time, the last four intervals packed in one long, the time of the last
 * reward: 24 bytes) and is called under the entry's monitor.
 *
 * @param checks     k, the checks within the window whose last is rewarded (2-5)
 * @param window     w
 * @param lockout    after a reward, no other before this has passed; longer than the window
 * @param classifier tells a poll timer from a person
 */
public record FastCheck(int checks, Duration window, Duration lockout, RhythmClassifier classifier) {

    public static final int DEFAULT_CHECKS = 3;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(10);

    public FastCheck {
        if (checks < 2 || checks > CheckHistory.SLOTS + 1) {
            throw new IllegalArgumentException("checks must be within 2-" + (CheckHistory.SLOTS + 1) + ": " + checks);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (lockout.compareTo(window) <= 0) {
            throw new IllegalArgumentException("lockout must be longer than the window (" + window + "): " + lockout);
        }
    }

    /** 3 checks in 30 s, 10 min lockout, CV below 0.1 is metronomic. */
    public static FastCheck defaults() {
        return new FastCheck(DEFAULT_CHECKS, DEFAULT_WINDOW, DEFAULT_LOCKOUT, RhythmClassifier.DEFAULT);
    }

    /** Notes a check by the user (password verified, mailbox free) at {@code now}. */
    void record(UserEntry entry, long now) {
        long last = entry.lastCheckAt();
        if (last != UserEntry.NEVER) {
            entry.checkHistory(CheckHistory.append(entry.checkHistory(), now - last));
        }
        entry.lastCheckAt(now);
    }

    /** Notes the first check of a user the table did not know, so that it counts towards k. */
    void recordFirst(UserEntry entry, long now) {
        if (entry.lastCheckAt() == UserEntry.NEVER) {
            entry.lastCheckAt(now);
        }
    }

    /**
     * Whether the check just {@linkplain #record recorded} earns the reward; if so, the
     * lockout starts now.
     */
    boolean rewards(UserEntry entry, long now) {
        long history = entry.checkHistory();
        int intervals = checks - 1;
        if (CheckHistory.count(history) < intervals) {
            return false;
        }
        if (CheckHistory.sumOfLast(history, intervals) > window.toMillis()) {
            return false;
        }
        long rewardedAt = entry.fastCheckRewardAt();
        if (rewardedAt != UserEntry.NEVER && now - rewardedAt < lockout.toMillis()) {
            return false;
        }
        if (classifier.classifyRapidRun(history, window.toMillis()) == Rhythm.METRONOMIC) {
            return false;
        }
        entry.fastCheckRewardAt(now);
        return true;
    }
}
