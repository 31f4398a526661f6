package org.mailedge.node.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The demo's ledger of every message and every check, shared by the mail generator, the
 * subscribers' threads and their second devices; it judges each check with
 * {@link AnswerJudge} as it is recorded.
 *
 * <p>Delivery, notification and deletion times are read from the clock inside this object's
 * lock, in the same critical section that stores them. So if a check is judged here and a
 * message's delivery is not yet recorded, that delivery's time is later than anything the
 * check read before: a check is never blamed for a message recorded after it was judged.
 * The same reasoning runs the other way for a delete straight at the central server: it is
 * recorded as requested <em>before</em> its QUIT is sent, so a check judged after the
 * message vanished from the central server already knows it is no longer owed.
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
    private final Map<String, Set<String>> idsByLogin = new HashMap<>();
    /** Mail that was waiting before the run: judged like any other, but not new mail for the visibility figures. */
    private final Set<String> waiting = new HashSet<>();
    private final Map<String, Instant> firstListedAt = new HashMap<>();
    private final List<String> wrongExamples = new ArrayList<>();
    private int nextId;
    private long delivered;
    private long wrongAnswers;
    private long deletedMailShown;
    private long deletedMailRefused;

    /** @param origin the instant the demo's virtual time started, for readable examples */
    Timeline(Clock clock, Instant origin, AnswerJudge judge) {
        this.clock = clock;
        this.origin = origin;
        this.judge = judge;
    }

    /** Registers a message about to be delivered to {@code login}; returns its {@code X-Demo-Id}. */
    synchronized String newMessage(String login) {
        String id = String.format(Locale.ROOT, "m%06d", ++nextId);
        register(login, MessageTimes.registered(id));
        return id;
    }

    /** Registers a message delivered to {@code login} before the run, at {@code deliveredAt}. */
    synchronized void waiting(String login, String id, Instant deliveredAt) {
        if (messages.containsKey(id)) {
            throw new IllegalArgumentException("message " + id + " is already registered");
        }
        register(login, MessageTimes.delivered(id, deliveredAt));
        waiting.add(id);
    }

    /** The delivery SMTP transaction for {@code id} has returned. */
    synchronized void delivered(String id) {
        messages.put(id, messages.get(id).deliveredAt(clock.instant()));
        delivered++;
    }

    /** The notification SMTP transaction for {@code id} has returned. */
    synchronized void notified(String id) {
        messages.put(id, messages.get(id).notified(clock.instant()));
    }

    /**
     * A client straight at the central server (a second device) is about to send the QUIT
     * that removes these messages: from now on they are no longer owed to any check.
     */
    synchronized void deletingAtCentral(Collection<String> ids) {
        Instant now = clock.instant();
        update(ids, m -> m.withDeletion(Deletion.unconfirmed(Deletion.Route.AT_CENTRAL, now)));
    }

    /** That QUIT returned {@code +OK}: the central server no longer has these messages. */
    synchronized void deletedAtCentral(Collection<String> ids) {
        Instant now = clock.instant();
        update(ids, m -> m.confirmed(now));
    }

    /**
     * Records a check: first-seen times of what it listed, whether its answer was wrong, and
     * its deletions. A failed check is not judged for missing mail (it is counted as an
     * error), but what it did list, download and was refused is still judged against
     * deletions, and the messages it sent DELE for are no longer owed to the subscriber.
     *
     * @return whether the check's answer was wrong
     */
    synchronized boolean record(String login, CheckResult check) {
        List<String> problems = new ArrayList<>();
        check.listedAt().ifPresent(listedAt -> {
            check.listedIds().forEach(id -> firstListedAt.putIfAbsent(id, listedAt));
            if (!check.failed()) {
                List<MessageTimes> owed = known(idsByLogin.getOrDefault(login, Set.of()));
                judge.missed(check.startedAt(), listedAt, check.listedIds(), owed)
                        .forEach(id -> problems.add("missed " + describeNew(id)));
            }
        });
        List<String> shown = new ArrayList<>();
        judge.listedAfterDeletion(check.startedAt(), known(check.listedIds()))
                .forEach(id -> shown.add("listed " + describeDeleted(id)));
        judge.retrievedAfterDeletion(check.startedAt(), known(check.retrievedIds()))
                .forEach(id -> shown.add("downloaded " + describeDeleted(id)));
        problems.addAll(shown);
        if (!shown.isEmpty()) {
            deletedMailShown++;
        }
        List<String> withheld = judge.refusedWithoutDeletion(known(check.refusedIds()));
        withheld.forEach(id -> problems.add("was refused " + id + ", which nobody had deleted"));
        deletedMailRefused += check.refusedIds().size() - withheld.size();
        if (!problems.isEmpty()) {
            wrongAnswers++;
            if (wrongExamples.size() < MAX_WRONG_EXAMPLES) {
                wrongExamples.add(login + ": check at " + sinceOrigin(check.startedAt()) + " " + String.join("; ", problems));
            }
        }
        Instant now = clock.instant();
        Deletion deletion = check.failed()
                ? Deletion.unconfirmed(Deletion.Route.THROUGH_EDGE, now)
                : Deletion.confirmed(Deletion.Route.THROUGH_EDGE, now);
        update(check.deletedIds(), m -> m.withDeletion(deletion));
        return !problems.isEmpty();
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long wrongAnswers() {
        return wrongAnswers;
    }

    /** Wrong answers that listed or downloaded mail deleted before (rules 2 and 3 of {@link AnswerJudge}). */
    synchronized long deletedMailShown() {
        return deletedMailShown;
    }

    /** Downloads of deleted mail (still in a listing the edge answered from) that the edge rightly refused. */
    synchronized long deletedMailRefused() {
        return deletedMailRefused;
    }

    synchronized List<String> wrongExamples() {
        return List.copyOf(wrongExamples);
    }

    /** New-mail visibility: for each message delivered during the run, from its delivery to the first check that listed it. */
    synchronized Visibility visibility() {
        List<Duration> delays = new ArrayList<>();
        long deliveredCount = 0;
        for (MessageTimes m : messages.values()) {
            if (m.deliveredAt().isEmpty() || waiting.contains(m.id())) {
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

    private void register(String login, MessageTimes m) {
        messages.put(m.id(), m);
        idsByLogin.computeIfAbsent(login, l -> new LinkedHashSet<>()).add(m.id());
    }

    private List<MessageTimes> known(Collection<String> ids) {
        return ids.stream().map(messages::get).filter(Objects::nonNull).toList();
    }

    private void update(Collection<String> ids, UnaryOperator<MessageTimes> change) {
        for (String id : ids) {
            messages.computeIfPresent(id, (k, m) -> change.apply(m));
        }
    }

    private String describeNew(String id) {
        MessageTimes m = messages.get(id);
        return id + " (delivered " + sinceOrigin(m.deliveredAt().orElseThrow()) + ", notified "
                + m.notifiedAt().map(this::sinceOrigin).orElse("never") + ")";
    }

    private String describeDeleted(String id) {
        Deletion d = messages.get(id).deletion().orElseThrow();
        return id + " (deleted " + (d.by() == Deletion.Route.THROUGH_EDGE ? "through the edge" : "at the central server by a second device")
                + ", confirmed " + sinceOrigin(d.confirmedAt().orElseThrow()) + ")";
    }

    private String sinceOrigin(Instant at) {
        long seconds = Duration.between(origin, at).toSeconds();
        long magnitude = Math.abs(seconds);
        return String.format(Locale.ROOT, "%s%d:%02d:%02d", seconds < 0 ? "-" : "+", magnitude / 3600, magnitude % 3600 / 60,
                magnitude % 60);
    }
}
