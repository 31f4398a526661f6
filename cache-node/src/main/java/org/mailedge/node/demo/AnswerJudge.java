package org.mailedge.node.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from recorded times alone, whether a check's answer was wrong. Pure: no clock,
 * no I/O, so it is tested with hand-made timelines. Four rules.
 *
 * <h2>1. New mail is shown when promised ({@link #missed})</h2>
 * A check that started at virtual time {@code t} (taken before connecting) must list a
 * message of its subscriber when all of these hold:
 * <ul>
 *   <li>its delivery to the central server had returned before {@code t}, so it was there;</li>
 *   <li>it was not deleted: not by the subscriber through the edge before {@code t}, and not
 *       straight at the central server (the subscriber's second device) before the check had
 *       read its listing;</li>
 *   <li>either its new-mail notification had returned before {@code t} (the demand rule:
 *       the edge accepted it, so this check goes through), or {@code t} is more than the time
 *       rule's interval after the delivery (the edge's last view of the maildrop is then
 *       older than the interval, so the check goes through).</li>
 * </ul>
 * A message delivered but not yet due is not a wrong answer: hiding it for a while is
 * exactly what attenuation trades for fewer central sessions.
 *
 * <h2>2. Deleted mail is not listed again ({@link #listedAfterDeletion})</h2>
 * A check must not list a message whose deletion the central server had confirmed
 * <ul>
 *   <li>through the edge, before {@code t}: the edge carried the delete out itself at QUIT
 *       and knew the new state before it answered that QUIT;</li>
 *   <li>straight at the central server, more than the time rule's interval before {@code t}:
 *       the edge learns of such a delete only when a check goes through, and the time rule
 *       lets one through at least that often. Until then, listing the last known state is
 *       attenuation working as designed (a leave-on-server client does not download a
 *       message it already has).</li>
 * </ul>
 *
 * <h2>3. Deleted mail is never served ({@link #retrievedAfterDeletion})</h2>
 * A check must not download a message whose deletion, by either route, the central server
 * had confirmed before {@code t}: whether the copy came from the edge's cache or not, the
 * edge must have asked the central server (the UID handshake) and found the UID gone.
 *
 * <h2>4. Mail is not withheld ({@link #refusedWithoutDeletion})</h2>
 * The other side of rule 3: a download of a listed message may be refused ({@code -ERR})
 * only if someone had asked to delete it by the time the check was recorded. A delete
 * straight at the central server is recorded before its QUIT is sent, so a refusal it caused
 * always finds it recorded.
 */
final class AnswerJudge {

    private final Optional<Duration> timeRule;

    /** @param timeRule the edge's time-rule interval; empty when the edge has none (one-in-m) */
    AnswerJudge(Optional<Duration> timeRule) {
        this.timeRule = timeRule;
    }

    /** Rule 1 for one message; {@code listedAt} is when the check had read its listing (UIDL). */
    boolean mustBeListed(MessageTimes message, Instant checkStart, Instant listedAt) {
        if (message.deliveredAt().isEmpty() || !message.deliveredAt().get().isBefore(checkStart)) {
            return false;
        }
        if (message.deletion().filter(d -> deletedBefore(d, checkStart, listedAt)).isPresent()) {
            return false;
        }
        boolean notified = message.notifiedAt().filter(n -> n.isBefore(checkStart)).isPresent();
        boolean timeRuleDue = timeRule.filter(interval -> checkStart.isAfter(message.deliveredAt().get().plus(interval))).isPresent();
        return notified || timeRuleDue;
    }

    /** Rule 2 for one message. */
    boolean mustNotBeListed(MessageTimes message, Instant checkStart) {
        return message.deletion().filter(d -> d.confirmedAt().isPresent()).filter(d -> switch (d.by()) {
            case THROUGH_EDGE -> d.confirmedAt().get().isBefore(checkStart);
            case AT_CENTRAL -> timeRule.filter(interval -> checkStart.isAfter(d.confirmedAt().get().plus(interval))).isPresent();
        }).isPresent();
    }

    /** Rule 3 for one message. */
    boolean mustNotBeRetrieved(MessageTimes message, Instant checkStart) {
        return message.deletion().flatMap(Deletion::confirmedAt).filter(at -> at.isBefore(checkStart)).isPresent();
    }

    /** The ids of {@code messages} that the check should have listed and did not; empty for a right answer. */
    List<String> missed(Instant checkStart, Instant listedAt, Set<String> listedIds, Collection<MessageTimes> messages) {
        List<String> missed = new ArrayList<>();
        for (MessageTimes m : messages) {
            if (!listedIds.contains(m.id()) && mustBeListed(m, checkStart, listedAt)) {
                missed.add(m.id());
            }
        }
        return missed;
    }

    /** The ids among the messages a check listed that it must not have listed. */
    List<String> listedAfterDeletion(Instant checkStart, Collection<MessageTimes> listed) {
        return listed.stream().filter(m -> mustNotBeListed(m, checkStart)).map(MessageTimes::id).toList();
    }

    /** The ids among the messages a check downloaded that it must not have been given. */
    List<String> retrievedAfterDeletion(Instant checkStart, Collection<MessageTimes> retrieved) {
        return retrieved.stream().filter(m -> mustNotBeRetrieved(m, checkStart)).map(MessageTimes::id).toList();
    }

    /** Rule 4: the ids among the messages whose download was refused that nobody had asked to delete. */
    List<String> refusedWithoutDeletion(Collection<MessageTimes> refused) {
        return refused.stream().filter(m -> m.deletion().isEmpty()).map(MessageTimes::id).toList();
    }

    /**
     * Whether the message was no longer owed: the subscriber's own delete is recorded after
     * its check, before the next one starts; a delete straight at the central server may
     * land at any point of a check, so it excuses a listing read after it was requested.
     */
    private static boolean deletedBefore(Deletion d, Instant checkStart, Instant listedAt) {
        return switch (d.by()) {
            case THROUGH_EDGE -> !d.requestedAt().isAfter(checkStart);
            case AT_CENTRAL -> d.requestedAt().isBefore(listedAt);
        };
    }
}
