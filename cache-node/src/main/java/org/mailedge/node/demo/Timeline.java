package org.mailedge.node.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's ledger of every message and every check, shared by the mail generator and the
 * subscribers' threads; it judges each completed check with {@link AnswerJudge} as it is
 * recorded.
 *
 * <p>Delivery, notification and deletion times are read from the clock inside this object's
 * lock, in the same critical section that stores them. So if a check is judged here and a
 * message's delivery is not yet recorded, that delivery's time is later than anything the
 * check read before: a check is never blamed for a message recorded after it was judged.
 * A message is registered before its delivery is attempted, so a subscriber that downloads
 * and deletes it before the generator has recorded the delivery still has the deletion kept.
 */
final class Timeline {

    /** Enough examples of wrong answers to debug the edge with; the count is kept in full. */
    static final int MAX_WRONG_EXAMPLES = 5;

    private final Clock clock;
    private final Instant origin;
    private final AnswerJudge judge;
    private final Map<String, MessageTimes> messages = new HashMap<>();
    private final Map<String, Set<String>> undeletedIdsByLogin = new HashMap<>();
    private final Map<String, Instant> firstListedAt = new HashMap<>();
    private final List<String> wrongExamples = new ArrayList<>();
    private int nextId;
    private long delivered;
    private long wrongAnswers;

    /** @param origin the instant the demo's virtual time started, for readable examples */
    Timeline(Clock clock, Instant origin, AnswerJudge judge) {
        this.clock = clock;
        this.origin = origin;
        this.judge = judge;
    }

    /** Registers a message about to be delivered to {@code login}; returns its {@code X-Demo-Id}. */
    synchronized String newMessage(String login) {
        String id = String.format(Locale.ROOT, "m%06d", ++nextId);
        messages.put(id, new MessageTimes(id, Optional.empty(), Optional.empty(), Optional.empty()));
        undeletedIdsByLogin.computeIfAbsent(login, l -> new LinkedHashSet<>()).add(id);
        return id;
    }

    /** The delivery SMTP transaction for {@code id} has returned. */
    synchronized void delivered(String id) {
        MessageTimes m = messages.get(id);
        messages.put(id, new MessageTimes(id, Optional.of(clock.instant()), m.notifiedAt(), m.deletedAt()));
        delivered++;
    }

    /** The notification SMTP transaction for {@code id} has returned. */
    synchronized void notified(String id) {
        messages.put(id, messages.get(id).notified(clock.instant()));
    }

    /**
     * Records a check: first-seen times of what it listed, deletions, and whether its listing
     * was wrong. A failed check is not judged (it is counted as an error), but the messages it
     * sent DELE for are no longer owed to the subscriber.
     *
     * @return whether the check's answer was wrong
     */
    synchronized boolean record(String login, CheckResult check) {
        check.listedAt().ifPresent(at -> check.listedIds().forEach(id -> firstListedAt.putIfAbsent(id, at)));
        Set<String> undeleted = undeletedIdsByLogin.getOrDefault(login, Set.of());
        List<String> missed = List.of();
        if (!check.failed()) {
            List<MessageTimes> candidates = new ArrayList<>(undeleted.size());
            for (String id : undeleted) {
                candidates.add(messages.get(id));
            }
            missed = judge.missed(check.startedAt(), check.listedIds(), candidates);
        }
        if (!missed.isEmpty()) {
            wrongAnswers++;
            if (wrongExamples.size() < MAX_WRONG_EXAMPLES) {
                wrongExamples.add(describe(login, check.startedAt(), missed));
            }
        }
        Instant now = clock.instant();
        for (String id : check.deletedIds()) {
            MessageTimes m = messages.get(id);
            if (m != null) {
                messages.put(id, m.deleted(now));
                undeleted.remove(id);
            }
        }
        return !missed.isEmpty();
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long wrongAnswers() {
        return wrongAnswers;
    }

    synchronized List<String> wrongExamples() {
        return List.copyOf(wrongExamples);
    }

    /** New-mail visibility: for each delivered message, from its delivery to the first check that listed it. */
    synchronized Visibility visibility() {
        List<Duration> delays = new ArrayList<>();
        long deliveredCount = 0;
        for (MessageTimes m : messages.values()) {
            if (m.deliveredAt().isEmpty()) {
                continue;
            }
            deliveredCount++;
            Instant listed = firstListedAt.get(m.id());
            if (listed != null) {
                // the listing can beat the generator's clock reading after its SMTP transaction returned
                Duration delay = Duration.between(m.deliveredAt().get(), listed);
                delays.add(delay.isNegative() ? Duration.ZERO : delay);
            }
        }
        return new Visibility(deliveredCount, delays);
    }

    private String describe(String login, Instant checkStart, List<String> missed) {
        StringBuilder b = new StringBuilder(login).append(": check at ").append(sinceOrigin(checkStart)).append(" missed");
        for (String id : missed) {
            MessageTimes m = messages.get(id);
            b.append(' ').append(id).append(" (delivered ").append(sinceOrigin(m.deliveredAt().orElseThrow()))
                    .append(", notified ").append(m.notifiedAt().map(this::sinceOrigin).orElse("never")).append(')');
        }
        return b.toString();
    }

    private String sinceOrigin(Instant at) {
        long seconds = Duration.between(origin, at).toSeconds();
        return String.format(Locale.ROOT, "+%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
