package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.ScriptedCentral;

/** AUTH PLAIN and AUTH LOGIN (RFC 5034) as a client on the wire sees them, judged exactly as USER/PASS. */
class SaslOverSocketsTest {

    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start();
        alice = node.user("alice", "secret");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String plain(String authzid, String user, String password) {
        return b64(authzid + "\0" + user + "\0" + password);
    }

    @Test
    void capaAdvertisesSaslPlainAndLogin() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            pop.ask("CAPA");
            assertThat(pop.body()).contains("SASL PLAIN LOGIN");
        }
    }

    @Test
    void authWithoutAMechanismListsTheMechanisms() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask("AUTH")).startsWith("+OK");
            assertThat(pop.body()).containsExactly("PLAIN", "LOGIN");
        }
    }

    @Nested
    class Plain {
        @Test
        void anInitialResponseLogsInAndShowsTheCentralMaildrop() throws Exception {
            node.deliver(alice, "hello", "first message");
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("+OK");
                assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
            }
            assertThat(node.edge.counters().snapshot().passedThrough()).isEqualTo(1);
        }

        @Test
        void withoutAnInitialResponseTheServerSendsAnEmptyChallenge() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN")).isEqualTo("+ ");
                assertThat(pop.ask(plain("alice", "alice", "secret"))).startsWith("+OK");
                assertThat(pop.ask("STAT")).startsWith("+OK 0 ");
            }
        }

        @Test
        void aRepeatCheckThroughAuthIsAttenuatedLikeOneThroughPass() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                pop.ask("QUIT");
            }
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("+OK");
                assertThat(pop.ask("QUIT")).startsWith("+OK");
            }
            assertThat(node.edge.counters().snapshot().answeredAtEdge()).isEqualTo(1);
            assertThat(node.edge.counters().snapshot().centralSessions()).isEqualTo(1);
        }

        @Test
        void aWrongPasswordIsRefusedWithTheAuthCodeEvenWhileAttenuated() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                pop.ask("QUIT");
            }
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice", "guess"))).startsWith("-ERR [AUTH]");
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("+OK");
            }
        }

        @Test
        void aSecondConcurrentSessionGetsInUse() throws Exception {
            try (Pop3Wire first = node.connect(); Pop3Wire second = node.connect()) {
                assertThat(first.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("+OK");
                assertThat(second.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("-ERR [IN-USE]");
            }
        }
    }

    @Nested
    class Login {
        @Test
        void theServerAsksForTheNameThenThePassword() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH LOGIN")).isEqualTo("+ " + b64("Username:"));
                assertThat(pop.ask(b64("alice"))).isEqualTo("+ " + b64("Password:"));
                assertThat(pop.ask(b64("secret"))).startsWith("+OK");
                assertThat(pop.ask("STAT")).startsWith("+OK");
            }
        }

        @Test
        void anInitialResponseIsTheName() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH LOGIN " + b64("alice"))).isEqualTo("+ " + b64("Password:"));
                assertThat(pop.ask(b64("secret"))).startsWith("+OK");
            }
        }

        @Test
        void pipelinedResponsesAreReadInTurn() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.raw("AUTH LOGIN\r\n" + b64("alice") + "\r\n" + b64("secret") + "\r\nSTAT\r\n");
                assertThat(pop.line()).startsWith("+ ");
                assertThat(pop.line()).startsWith("+ ");
                assertThat(pop.line()).startsWith("+OK");
                assertThat(pop.line()).startsWith("+OK 0 ");
            }
        }
    }

    @Nested
    class MalformedExchanges {
        @Test
        void aStarCancelsTheExchangeAndTheSessionMayLogInAgain() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.ask("AUTH LOGIN");
                assertThat(pop.ask("*")).startsWith("-ERR");
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("+OK");
            }
        }

        @Test
        void aResponseThatIsNotBase64IsRefused() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN !!notbase64!!")).startsWith("-ERR");
                pop.ask("AUTH PLAIN");
                assertThat(pop.ask("@@@")).startsWith("-ERR");
                assertThat(pop.ask("NOOP")).startsWith("-ERR"); // not logged in: still AUTHORIZATION
            }
            assertThat(node.edge.counters().snapshot().centralSessions()).isZero();
        }

        @Test
        void anAuthorizationIdentityOtherThanTheUserIsRefusedWithoutCentralContact() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN " + plain("bob", "alice", "secret"))).startsWith("-ERR");
            }
            assertThat(node.edge.counters().snapshot().centralSessions()).isZero();
        }

        @Test
        void aNameWithALineEndCannotInjectCommandsIntoTheCentralSession() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice\r\nDELE 1", "secret"))).startsWith("-ERR");
            }
            assertThat(node.edge.counters().snapshot().centralSessions()).isZero();
        }

        @Test
        void anUnknownMechanismIsRefused() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH CRAM-MD5")).startsWith("-ERR");
            }
        }

        @Test
        void authAfterLoginIsRefused() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("AUTH PLAIN " + plain("", "alice", "secret"))).startsWith("-ERR");
            }
        }

        @Test
        void anAuthLineOverTheLineLimitGetsAnErrorAndTheConnectionCloses() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("AUTH PLAIN " + "QUFB".repeat(70))).startsWith("-ERR");
                assertThat(pop.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void sessionsOfOneUserFromOneAddressAreCappedAtLoginAndOtherAddressesAreNot() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (ScriptedCentral central = new ScriptedCentral("+OK", hold);
             EdgeNode edge = EdgeNode.start(ConfigLoader.parse("""
                     pop3: {listen: "127.0.0.1:0", max-connections-per-user-and-address: 1}
                     central: {host: 127.0.0.1, port: %d, read-timeout: 30s}
                     notify: {enabled: false}
                     cache: {enabled: false}
                     admin: {enabled: false}
                     """.formatted(central.port())), MutableClock.atEpoch());
             Pop3Wire first = Pop3Wire.connect(edge.pop3Port());
             Pop3Wire second = Pop3Wire.connect(edge.pop3Port());
             Pop3Wire elsewhere = Pop3Wire.connectFrom(InetAddress.getByName("127.0.0.2"), edge.pop3Port())) {
            first.send("AUTH PLAIN " + plain("", "carol", "pw"));
            central.passReceived.await();
            // the first login is still at the central server: the second is refused before it gets there
            assertThat(second.ask("AUTH PLAIN " + plain("", "carol", "pw")))
                    .isEqualTo("-ERR [IN-USE] Too many sessions for this user from this address.");
            assertThat(second.ask("USER dave")).startsWith("+OK");
            elsewhere.send("USER carol");
            assertThat(elsewhere.line()).startsWith("+OK");
            elsewhere.send("PASS pw");
            // the edge must judge this PASS while carol's first login still waits at the central
            // server: judged after that login took the mailbox, it is [IN-USE] at once (RFC 1939)
            Poll.until(Duration.ofSeconds(5), "the edge took the third login",
                    () -> edge.counters().checks.sum() == 3);
            hold.countDown();
            assertThat(first.line()).startsWith("+OK");
            first.close(); // the scripted central server serves one connection at a time
            assertThat(elsewhere.line()).startsWith("+OK");
        }
    }
}
