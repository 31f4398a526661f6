package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Who has mail waiting before the run is drawn from the seed: about half the subscribers, two or three messages each. */
class WaitingMailTest {

    private final List<Subscriber> subscribers = Population.of(200, 1).subscribers();

    @Test
    void aboutHalfTheSubscribersHaveTwoOrThreeMessages() {
        Map<String, Long> perSubscriber = WaitingMail.plan(subscribers, 7).stream()
                .collect(Collectors.groupingBy(p -> p.to().login(), Collectors.counting()));

        assertThat(perSubscriber.size()).isBetween(80, 120);
        assertThat(perSubscriber.values()).allSatisfy(n -> assertThat(n).isBetween(2L, 3L));
    }

    @Test
    void someMessagesAreTensOfKilobytes() {
        List<WaitingMail.Planned> planned = WaitingMail.plan(subscribers, 7);

        long large = planned.stream().filter(p -> p.bodyLength() >= MessageBodies.LONG_MIN).count();
        assertThat(large).isBetween(planned.size() / 10L, planned.size() / 2L);
    }

    @Test
    void idsAreUniqueAndApartFromTheRunsNewMail() {
        List<String> ids = WaitingMail.plan(subscribers, 7).stream().map(WaitingMail.Planned::id).toList();

        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("w\\d{5}"));
    }

    @Test
    void theSameSeedPlansTheSameMail() {
        assertThat(WaitingMail.plan(subscribers, 7)).isEqualTo(WaitingMail.plan(subscribers, 7));
    }
}
