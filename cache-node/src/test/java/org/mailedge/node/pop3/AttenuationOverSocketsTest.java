package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.io.Reader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Transport;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.TappedProxy;

/**
 * The seed's state table and the time and demand rules, end to end: GreenMail as the
 * central server, the edge's own listener, and commons-net's POP3 client or a wire-level
 * client as the subscriber.
 */
class AttenuationOverSocketsTest {

    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start(transport());
        alice = node.user("alice", "secret");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** The suite runs once per transport: these tests plain, the subclasses over POP3S and after STLS. */
    protected Pop3Transport transport() {
        return Pop3Transport.PLAIN;
    }

    private EdgeCounters.Snapshot counters() {
        return node.edge.counters().snapshot();
    }

    /** A whole check as an always-on client makes it: USER, PASS, STAT, UIDL, QUIT. */
    private List<String> check(String user, String password) throws Exception {
        try (Pop3Wire pop = node.connect()) {
            pop.login(user, password);
            String stat = pop.ask("STAT");
            assertThat(stat).startsWith("+OK ");
            assertThat(pop.ask("UIDL")).startsWith("+OK");
            List<String> uidl = pop.body();
            assertThat(pop.ask("QUIT")).startsWith("+OK");
            return uidl;
        }
    }

    @Nested
    class NoneState {
        @Test
        void userIsAnsweredAtOnceWithoutContactingTheCentralServer() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("USER alice")).startsWith("+OK");
                assertThat(counters().centralSessions()).isZero();
            }
        }

        @Test
        void theFirstCheckOfAnUnknownUserGoesThroughAndShowsTheCentralMaildrop() throws Exception {
            node.deliver(alice, "hello", "first message");
            assertThat(check("alice", "secret")).hasSize(1);
            assertThat(counters().passedThrough()).isEqualTo(1);
            assertThat(counters().answeredAtEdge()).isZero();
            assertThat(node.edge.table().view("alice")).isPresent();
        }
    }

    @Nested
    class IdleState {
        @Test
        void aRepeatCheckWithinTheIntervalIsAnsweredAtTheEdgeWithAnEmptyMaildrop() throws Exception {
            check("alice", "secret");
            long centralBefore = counters().centralSessions();
            node.clock.advance(Duration.ofMinutes(5));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).isEqualTo("+OK 0 0");
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
            assertThat(counters().centralSessions()).isEqualTo(centralBefore);
        }

        @Test
        void mailArrivingWithoutNotificationIsShownOnceTheTimeRuleReleasesACheck() throws Exception {
            check("alice", "secret");
            node.deliver(alice, "late", "arrived without a notification");
            node.clock.advance(Duration.ofMinutes(14));
            assertThat(check("alice", "secret")).isEmpty();
            node.clock.advance(Duration.ofMinutes(1));
            assertThat(check("alice", "secret")).hasSize(1);
            assertThat(counters().passedThrough()).isEqualTo(2);
        }

        @Test
        void aClientThatLeavesMailOnTheServerSeesTheSameListingWhileAttenuated() throws Exception {
            node.deliver(alice, "one", "first");
            node.deliver(alice, "two", "second with more text");
            POP3Client client = new POP3Client();
            client.connect("127.0.0.1", node.edge.pop3Port());
            assertThat(client.login("alice", "secret")).isTrue();
            POP3MessageInfo[] throughUidl = client.listUniqueIdentifiers();
            POP3MessageInfo[] throughList = client.listMessages();
            client.logout();
            client.disconnect();

            node.clock.advance(Duration.ofMinutes(3));
            client.connect("127.0.0.1", node.edge.pop3Port());
            assertThat(client.login("alice", "secret")).isTrue();
            POP3MessageInfo[] edgeUidl = client.listUniqueIdentifiers();
            POP3MessageInfo[] edgeList = client.listMessages();
            client.logout();
            client.disconnect();

            assertThat(counters().answeredAtEdge()).isEqualTo(1);
            assertThat(Arrays.stream(edgeUidl).map(m -> m.number + " " + m.identifier))
                    .containsExactlyElementsOf(Arrays.stream(throughUidl).map(m -> m.number + " " + m.identifier).toList());
            assertThat(Arrays.stream(edgeList).map(m -> m.number + " " + m.size))
                    .containsExactlyElementsOf(Arrays.stream(throughList).map(m -> m.number + " " + m.size).toList());
        }

        @Test
        void retrOfAListedMessageWhileAttenuatedIsFetchedFromTheCentralServer() throws Exception {
            node.deliver(alice, "keep", "body of the kept message");
            check("alice", "secret");
            node.clock.advance(Duration.ofMinutes(2));
            POP3Client client = new POP3Client();
            client.connect("127.0.0.1", node.edge.pop3Port());
            assertThat(client.login("alice", "secret")).isTrue();
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
            String message;
            try (Reader reader = client.retrieveMessage(1)) {
                StringWriter text = new StringWriter();
                reader.transferTo(text);
                message = text.toString();
            }
            client.logout();
            client.disconnect();
            assertThat(message).contains("Subject: keep").contains("body of the kept message");
            assertThat(counters().messagesRelayed()).isEqualTo(1);
        }
    }

    @Nested
    class DemandRule {
        @Test
        void aNotificationLetsTheVeryNextCheckThroughAndItShowsTheNewMail() throws Exception {
            check("alice", "secret");
            node.deliver(alice, "news", "notified mail");
            node.clock.advance(Duration.ofMinutes(1));
            assertThat(check("alice", "secret")).as("not notified yet: attenuated").isEmpty();
            node.notifyNewMail("alice");
            assertThat(check("alice", "secret")).hasSize(1);
            assertThat(counters().notificationsKnown()).isEqualTo(1);
            assertThat(counters().passedThrough()).isEqualTo(2);
        }

        @Test
        void aNotificationForAUserTheEdgeDoesNotKnowIsAcceptedAndCounted() throws Exception {
            node.notifyNewMail("stranger");
            assertThat(counters().notificationsUnknown()).isEqualTo(1);
        }

        @Test
        void aNotificationRacingASessionInProgressReleasesTheCheckAfterIt() throws Exception {
            check("alice", "secret");
            node.clock.advance(Duration.ofMinutes(20));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).isEqualTo("+OK 0 0");
                node.deliver(alice, "during", "arrived while the session was open");
                node.notifyNewMail("alice");
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            node.clock.advance(Duration.ofSeconds(30));
            assertThat(check("alice", "secret")).hasSize(1);
        }
    }

    @Nested
    class UpdateState {
        @Test
        void aPassedThroughQuitIsHeldForStatSoTheNextCheckKnowsTheMaildropIsEmpty() throws Exception {
            node.deliver(alice, "one", "first");
            node.deliver(alice, "two", "second");
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).startsWith("+OK 2 ");
                assertThat(pop.ask("DELE 1")).startsWith("+OK");
                assertThat(pop.ask("DELE 2")).startsWith("+OK");
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(node.centralMessageCount(alice)).isZero();
            assertThat(node.edge.table().view("alice").orElseThrow().state().orElseThrow().count()).isZero();
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).isEqualTo("+OK 0 0");
            }
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
        }

        @Test
        void aPassedThroughQuitWithNothingDeletedIsAnsweredWithoutWaitingForTheCentralServer() throws Exception {
            node.deliver(alice, "one", "first");
            TappedProxy.Hold centralQuit = node.link.holdCommand("QUIT");
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
                // answered while the central server has not even seen the QUIT: nothing was to be committed
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(centralQuit.await(Duration.ofSeconds(10))).isEqualTo("QUIT");
            centralQuit.release();
            // the login's listing is what the edge knows now: the next check is answered at the edge with it
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
            }
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
            assertThat(node.centralMessageCount(alice)).isEqualTo(1);
        }

        @Test
        void aDeleteMadeWhileAttenuatedIsCarriedOutAtTheCentralServerAtQuit() throws Exception {
            node.deliver(alice, "one", "first");
            node.deliver(alice, "two", "second");
            check("alice", "secret");
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(counters().answeredAtEdge()).isEqualTo(1);
                assertThat(pop.ask("DELE 1")).startsWith("+OK");
                assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
                assertThat(node.centralMessageCount(alice)).as("nothing deleted before QUIT").isEqualTo(2);
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(node.centralMessageCount(alice)).isEqualTo(1);
            assertThat(counters().deletesCommitted()).isEqualTo(1);
        }

        @Test
        void anAttenuatedDeleteOfAMessageAnotherClientAlreadyRemovedDeletesNothingElse() throws Exception {
            node.deliver(alice, "one", "first");
            check("alice", "secret");
            try (Pop3Wire other = Pop3Wire.connect(node.central.getPop3().getPort())) {
                other.login("alice", "secret");
                assertThat(other.ask("DELE 1")).startsWith("+OK");
                assertThat(other.ask("QUIT")).startsWith("+OK");
            }
            node.deliver(alice, "two", "arrived after the first was removed");
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).as("last known state").startsWith("+OK 1 ");
                assertThat(pop.ask("DELE 1")).startsWith("+OK");
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(node.centralMessageCount(alice)).as("message two survives").isEqualTo(1);
        }

        @Test
        void aDroppedConnectionDeletesNothingWhetherPassedThroughOrAttenuated() throws Exception {
            node.deliver(alice, "one", "first");
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("DELE 1")).startsWith("+OK");
            }
            awaitUnlocked("alice");
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(counters().answeredAtEdge()).isEqualTo(1);
                assertThat(pop.ask("DELE 1")).startsWith("+OK");
            }
            awaitUnlocked("alice");
            assertThat(node.centralMessageCount(alice)).isEqualTo(1);
        }
    }

    @Nested
    class LockFlag {
        @Test
        void aSecondConcurrentSessionGetsInUseAfterAValidPassword() throws Exception {
            check("alice", "secret");
            try (Pop3Wire first = node.connect(); Pop3Wire second = node.connect()) {
                first.login("alice", "secret");
                assertThat(second.ask("USER alice")).startsWith("+OK");
                assertThat(second.ask("PASS secret")).startsWith("-ERR [IN-USE]");
            }
        }

        @Test
        void aSecondSessionWhileAPassedThroughOneIsOpenGetsInUse() throws Exception {
            try (Pop3Wire first = node.connect(); Pop3Wire second = node.connect()) {
                first.login("alice", "secret");
                assertThat(counters().passedThrough()).isEqualTo(1);
                second.ask("USER alice");
                assertThat(second.ask("PASS secret")).startsWith("-ERR [IN-USE]");
            }
        }

        @Test
        void theLockIsReleasedWhenTheSessionEnds() throws Exception {
            check("alice", "secret");
            try (Pop3Wire first = node.connect()) {
                first.login("alice", "secret");
            }
            awaitUnlocked("alice");
            assertThat(check("alice", "secret")).isEmpty();
        }
    }

    private void awaitUnlocked(String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (node.edge.table().view(user).orElseThrow().locked()) {
            assertThat(System.nanoTime()).as("lock released within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
