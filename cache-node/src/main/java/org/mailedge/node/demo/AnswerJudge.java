package org.mailedge.node.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from recorded times alone, whether a check's listing was wrong: whether it
 * missed a message that design.md's visibility promise says it must show. Pure: no clock,
 * no I/O, so it is tested with hand-made timelines.
 *
 * <p>A check that started at virtual time {@code t} (taken before connecting) must list a
 * message of its subscriber when all of these hold:
 * <ul>
 *   <li>its delivery to the central server had returned before {@code t}, so it was there;</li>
 *   <li>the subscriber had not deleted it before {@code t};</li>
 *   <li>either its new-mail notification had returned before {@code t} (the demand rule:
 *       the edge accepted it, so this check goes through), or {@code t} is more than the time
 *       rule's interval after the delivery (the edge's last view of the maildrop is then
 *       older than the interval, so the check goes through).</li>
 * </ul>
 * A message delivered but not yet due is not a wrong answer: hiding it for a while is
 * exactly what attenuation trades for fewer central sessions.
 */
final class AnswerJudge {

    private final Optional<Duration> timeRule;

    /** @param timeRule the edge's time-rule interval; empty when the edge has none (one-in-m) */
    AnswerJudge(Optional<Duration> timeRule) {
        this.timeRule = timeRule;
    }

    boolean mustBeListed(MessageTimes message, Instant checkStart) {
        if (message.deliveredAt().isEmpty() || !message.deliveredAt().get().isBefore(checkStart)) {
            return false;
        }
        if (message.deletedAt().filter(deleted -> !deleted.isAfter(checkStart)).isPresent()) {
            return false;
        }
        boolean notified = message.notifiedAt().filter(n -> n.isBefore(checkStart)).isPresent();
        boolean timeRuleDue = timeRule.filter(interval -> checkStart.isAfter(message.deliveredAt().get().plus(interval))).isPresent();
        return notified || timeRuleDue;
    }

    /** The ids of {@code messages} that the check should have listed and did not; empty for a right answer. */
    List<String> missed(Instant checkStart, Set<String> listedIds, Collection<MessageTimes> messages) {
        List<String> missed = new ArrayList<>();
        for (MessageTimes m : messages) {
            if (!listedIds.contains(m.id()) && mustBeListed(m, checkStart)) {
                missed.add(m.id());
            }
        }
        return missed;
    }
}
