package org.mailedge.node.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.CentralTruth;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;

/**
 * "A message deleted by the user is never served again by this node" while its delete still
 * waits in the queue, across a session that ends without QUIT. Found by
 * {@link CrashDuringDeletePropagationTest} (kill point RIGHT_AFTER_QUIT); here in-process on
 * a hand-moved clock and without the background retry, so it is deterministic.
 */
class QueuedDeleteAndAbandonedSessionTest {

    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start(); // no prefetch section: no background retry, the delete stays queued
        alice = node.user("alice", "secret");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aQueuedDeleteStaysHiddenAfterASessionThatEndedWithoutQuit() throws Exception {
        node.deliver(alice, "one", "first");
        node.deliver(alice, "two", "second");
        Map<Integer, String> central;
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            central = CentralTruth.uidl(pop);
            pop.ask("RETR 1");
            pop.body();
            pop.ask("RETR 2");
            pop.body();
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        String deleted = central.get(1);

        node.link.down();
        node.clock.advance(Duration.ofMinutes(20));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(pop.ask("DELE 1")).startsWith("+OK");
            assertThat(pop.ask("QUIT")).as("queued durably").startsWith("+OK");
        }
        assertThat(node.edge.store().orElseThrow().deletes().pendingUids("alice")).containsExactly(deleted);

        node.link.up();
        node.clock.advance(Duration.ofMinutes(20));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(CentralTruth.uidl(pop).values()).as("a check that goes through hides the queued delete")
                    .containsExactly(central.get(2));
            // the client goes away without QUIT (or its connection drops)
        }
        Poll.until(Duration.ofSeconds(10), "the dropped session's lock is released",
                () -> !node.edge.table().view("alice").orElseThrow().locked());

        node.clock.advance(Duration.ofMinutes(1));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(node.edge.counters().snapshot().answeredAtEdge()).as("the next check is answered at the edge")
                    .isEqualTo(1);
            Map<Integer, String> listing = CentralTruth.uidl(pop);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(listing.values()).as("the attenuated listing").containsExactly(central.get(2));
            for (Map.Entry<Integer, String> m : listing.entrySet()) {
                String reply = pop.ask("RETR " + m.getKey());
                String body = reply.startsWith("+OK") ? new String(pop.rawBody(), StandardCharsets.UTF_8) : reply;
                soft.assertThat(body).as("RETR %d (UID %s)", m.getKey(), m.getValue()).doesNotContain("Subject: one");
            }
            assertThat(pop.ask("QUIT")).startsWith("+OK");
            soft.assertAll();
        }
    }
}
