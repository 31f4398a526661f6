package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Wire;

/**
 * Delay mode end to end: GreenMail as the central server, the edge's listener, commons-net
 * or a wire-level client. The delays are real waits of a few hundred milliseconds, because
 * what is tested is that a client with a short read time-out survives them; the delay level
 * itself follows the injected clock.
 */
class DelayModeOverSocketsTest {

    /** Total 1.2 s in waits of at most 0.4 s: PASS, STAT, then LIST or UIDL. */
    private static final Duration TOTAL = Duration.ofMillis(1200);
    private static final Duration CAP = Duration.ofMillis(400);

    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start("""
                attenuation:
                  mode: delay
                  delay: {step: 1200ms, max-total: 1200ms, max-per-reply: 400ms}
                """);
        alice = node.user("alice", "secret");
        node.deliver(alice, "one", "first message");
        quickCheck();
        assertThat(node.edge.delays().level("alice")).contains(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void quickCheck() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(pop.ask("STAT")).startsWith("+OK");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void aClientWhoseReadTimeoutIsShorterThanTheTotalDelayCompletesItsCheck() throws Exception {
        // a second check at once: the user polls far more often than every 15 minutes
        POP3Client client = new POP3Client();
        client.setDefaultTimeout(2 * (int) CAP.toMillis());
        client.connect("127.0.0.1", node.edge.pop3Port());
        client.setSoTimeout(2 * (int) CAP.toMillis());
        long started = System.nanoTime();
        assertThat(client.login("alice", "secret")).isTrue();
        POP3MessageInfo status = client.status();
        POP3MessageInfo[] uids = client.listUniqueIdentifiers();
        assertThat(client.logout()).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        client.disconnect();

        assertThat(status.number).isEqualTo(1);
        assertThat(uids).hasSize(1);
        assertThat(took).isGreaterThanOrEqualTo(TOTAL);
        assertThat(Duration.ofMillis(2 * CAP.toMillis())).isLessThan(TOTAL);
        assertThat(node.edge.counters().snapshot().delayInsertedMillis()).isEqualTo(TOTAL.toMillis());
        assertThat(node.edge.counters().snapshot().delayedSessions()).isEqualTo(1);
        // delay mode never answers from the edge: both checks reached the central server
        assertThat(node.edge.counters().snapshot().passedThrough()).isEqualTo(2);
        assertThat(node.edge.counters().snapshot().answeredAtEdge()).isZero();
    }

    @Test
    void newMailIsShownAtOnceOnlyLater() throws Exception {
        node.deliver(alice, "two", "second message");
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(pop.ask("STAT")).startsWith("+OK 2 ");
        }
    }

    @Test
    void pipelinedCommandsGetTheirRepliesInOrderAfterTheWaits() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            long started = System.nanoTime();
            pop.raw("USER alice\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\nNOOP\r\nQUIT\r\n");
            List<String> replies = new ArrayList<>();
            replies.add(pop.line());
            replies.add(pop.line());
            replies.add(pop.line());
            replies.add(pop.line());
            replies.add(String.join("|", pop.body()));
            replies.add(pop.line());
            replies.add(String.join("|", pop.body()));
            replies.add(pop.line());
            replies.add(pop.line());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(replies.get(0)).startsWith("+OK");                 // USER
            assertThat(replies.get(1)).startsWith("+OK Logged in");       // PASS, after a wait
            assertThat(replies.get(2)).startsWith("+OK 1 ");              // STAT, after a wait
            assertThat(replies.get(3)).startsWith("+OK");                 // LIST, after a wait
            assertThat(replies.get(4)).matches("1 \\d+");
            assertThat(replies.get(5)).startsWith("+OK");                 // UIDL, the budget spent
            assertThat(replies.get(6)).matches("1 \\S+");
            assertThat(replies.get(7)).startsWith("+OK");                 // NOOP
            assertThat(replies.get(8)).startsWith("+OK Logging out");     // QUIT
            assertThat(took).isGreaterThanOrEqualTo(TOTAL);
        }
    }

    @Test
    void aSecondSessionWhileTheDelayedOneIsOpenGetsInUse() throws Exception {
        try (Pop3Wire delayed = node.connect(); Pop3Wire second = node.connect()) {
            delayed.login("alice", "secret");
            assertThat(second.ask("USER alice")).startsWith("+OK");
            assertThat(second.ask("PASS secret")).startsWith("-ERR [IN-USE]");
            assertThat(delayed.ask("STAT")).startsWith("+OK 1 ");
            assertThat(delayed.ask("QUIT")).startsWith("+OK");
        }
        // the refused session did not reach the central server
        assertThat(node.edge.counters().snapshot().passedThrough()).isEqualTo(2);
    }

    @Test
    void aWrongPasswordDoesNotRaiseTheUsersDelay() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask("USER alice")).startsWith("+OK");
            assertThat(pop.ask("PASS guess")).startsWith("-ERR [AUTH]");
        }
        assertThat(node.edge.delays().level("alice")).contains(Duration.ZERO);
    }

    @Test
    void aUserWhoSlowsDownToTheIntervalIsNotDelayed() throws Exception {
        node.clock.advance(Duration.ofMinutes(15));
        quickCheck();
        assertThat(node.edge.counters().snapshot().delayedSessions()).isZero();
        assertThat(node.edge.counters().snapshot().delayInsertedMillis()).isZero();
    }
}
