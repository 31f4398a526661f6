package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Transport;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.ScriptedCentral;

/** RFC 1939 / 2449 behaviour of the edge's listener, as a client on the wire sees it. */
class Pop3ProtocolTest {

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

    @Test
    void theGreetingOffersNoApopTimestampAndApopIsRefused() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.greeting).startsWith("+OK").doesNotContain("<");
            assertThat(pop.ask("APOP alice c4c9334bac560ecc979e58001b3e22fb")).startsWith("-ERR");
        }
    }

    @Test
    void capaListsTheExtensionsTheEdgeImplements() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask("CAPA")).startsWith("+OK");
            assertThat(pop.body()).containsSubsequence("TOP", "UIDL", "USER", "PIPELINING", "RESP-CODES",
                    "AUTH-RESP-CODE", "LOGIN-DELAY 900");
        }
    }

    @Test
    void userIsAcceptedForANameNobodyHasSoNamesCannotBeEnumerated() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask("USER nosuchuser")).startsWith("+OK");
            assertThat(pop.ask("PASS whatever")).isEqualTo("-ERR [AUTH] Authentication failed.");
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderAcrossAPassThatWaitsForTheCentralServer() throws Exception {
        node.deliver(alice, "one", "first");
        try (Pop3Wire pop = node.connect()) {
            pop.raw("USER alice\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL 1\r\nNOOP\r\nQUIT\r\n");
            assertThat(pop.line()).startsWith("+OK");
            assertThat(pop.line()).isEqualTo("+OK Logged in.");
            assertThat(pop.line()).startsWith("+OK 1 ");
            assertThat(pop.line()).startsWith("+OK");
            assertThat(pop.body()).hasSize(1);
            assertThat(pop.line()).startsWith("+OK 1 ");
            assertThat(pop.line()).isEqualTo("+OK");
            assertThat(pop.line()).startsWith("+OK");
            assertThat(pop.closedByServer()).isTrue();
        }
    }

    @Test
    void pipelinedRetrievalsComeBackInOrder() throws Exception {
        node.deliver(alice, "one", "body one");
        node.deliver(alice, "two", "body two");
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            pop.raw("RETR 1\r\nRETR 2\r\nNOOP\r\n");
            assertThat(pop.line()).startsWith("+OK");
            assertThat(pop.body()).contains("Subject: one").contains("body one");
            assertThat(pop.line()).startsWith("+OK");
            assertThat(pop.body()).contains("Subject: two").contains("body two");
            assertThat(pop.line()).isEqualTo("+OK");
        }
    }

    @Test
    void retrOfMessageZeroOrBeyondTheListingIsNoSuchMessage() throws Exception {
        node.deliver(alice, "one", "first");
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", "secret");
            assertThat(pop.ask("RETR 0")).startsWith("-ERR");
            assertThat(pop.ask("RETR 2")).startsWith("-ERR");
            assertThat(pop.ask("TOP 1 x")).startsWith("-ERR");
            assertThat(pop.ask("TOP 1 0")).startsWith("+OK");
            assertThat(pop.body()).contains("Subject: one").doesNotContain("first");
        }
    }

    @Test
    void commandsOutsideTheirStateAreRefused() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask("STAT")).startsWith("-ERR");
            assertThat(pop.ask("RETR 1")).startsWith("-ERR");
            assertThat(pop.ask("PASS secret")).startsWith("-ERR");
            pop.login("alice", "secret");
            assertThat(pop.ask("USER alice")).startsWith("-ERR");
            assertThat(pop.ask("PASS secret")).startsWith("-ERR");
        }
    }

    @Nested
    class Passwords {
        @Test
        void aWrongPasswordIsRefusedEvenWhileAttenuated() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret").ask("QUIT");
            }
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.ask("USER alice");
                assertThat(pop.ask("PASS wrong")).isEqualTo("-ERR [AUTH] Authentication failed.");
                assertThat(pop.ask("STAT")).startsWith("-ERR");
            }
            assertThat(node.edge.counters().snapshot().refusedLogins()).isEqualTo(1);
        }

        @Test
        void aChangedPasswordWorksAtOnceAndTheOldOneNoLongerOpensTheMailbox() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.login("alice", "secret").ask("QUIT");
            }
            alice.setPassword("changed");
            node.clock.advance(Duration.ofMinutes(1));
            try (Pop3Wire pop = node.connect()) {
                pop.ask("USER alice");
                assertThat(pop.ask("PASS changed")).isEqualTo("+OK Logged in.");
                pop.ask("QUIT");
            }
            try (Pop3Wire pop = node.connect()) {
                pop.ask("USER alice");
                assertThat(pop.ask("PASS secret")).startsWith("-ERR [AUTH]");
            }
        }

        @Test
        void aFailedLoginIsAnsweredOnlyAfterThePenalty() throws Exception {
            MutableClock clock = MutableClock.atEpoch();
            String yaml = """
                    pop3: {listen: "127.0.0.1:0"}
                    central: {host: 127.0.0.1, port: %d}
                    notify: {enabled: false}
                    cache: {enabled: false}
                    admin: {enabled: false}
                    auth: {failure-delay: 400ms, failure-delay-max: 400ms}
                    """.formatted(node.central.getPop3().getPort());
            try (EdgeNode penalised = EdgeNode.start(ConfigLoader.parse(yaml), clock);
                 Pop3Wire pop = Pop3Wire.connect(penalised.pop3Port())) {
                pop.ask("USER alice");
                long start = System.nanoTime();
                assertThat(pop.ask("PASS wrong")).startsWith("-ERR [AUTH]");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            }
        }
    }

    @Nested
    class Framing {
        @Test
        void aCommandOf255OctetsIsAccepted() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                String line = "USER " + "x".repeat(255 - "USER ".length() - 2);
                assertThat(pop.ask(line)).startsWith("+OK");
            }
        }

        @Test
        void aLongerCommandLineGetsAnErrorAndTheConnectionCloses() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("NOOP " + "x".repeat(300))).startsWith("-ERR");
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void tenMegabytesWithoutALineEndAreRefusedWithoutBeingBuffered() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                try {
                    pop.raw("x".repeat(10 << 20));
                } catch (IOException closedWhileSending) {
                    return; // the edge closed before all of it was written: also a refusal
                }
                assertThat(pop.line()).startsWith("-ERR");
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void aBareLineFeedIsNeverReadAsALineEnd() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                pop.raw("USER alice\nPASS secret\r\n");
                assertThat(pop.line()).startsWith("-ERR");
                assertThat(pop.closedByServer()).isTrue();
            }
        }
    }

    @Nested
    class CentralServerTrouble {
        @Test
        void anUnreachableCentralServerIsATemporaryFailureNotAnAuthFailure() throws Exception {
            int closedPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                closedPort = probe.getLocalPort();
            }
            try (EdgeNode edge = edgeInFrontOf(closedPort); Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                pop.ask("USER alice");
                assertThat(pop.ask("PASS secret")).startsWith("-ERR [SYS/TEMP]");
            }
        }

        @Test
        void theCentralServersOwnResponseCodesReachTheClientUnchanged() throws Exception {
            for (String reply : List.of("-ERR [IN-USE] Mailbox locked by another session",
                    "-ERR [LOGIN-DELAY] Wait 300 seconds", "-ERR [SYS/PERM] Account disabled")) {
                CountDownLatch open = new CountDownLatch(0);
                try (ScriptedCentral central = new ScriptedCentral(reply, open);
                     EdgeNode edge = edgeInFrontOf(central.port());
                     Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                    pop.ask("USER alice");
                    assertThat(pop.ask("PASS secret")).isEqualTo(reply);
                }
            }
        }

        @Test
        void aHangingCentralLoginDoesNotHoldUpOtherSubscribersOnTheSameEventLoop() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            try (ScriptedCentral central = new ScriptedCentral("+OK", release);
                 EdgeNode edge = edgeInFrontOf(central.port());
                 Pop3Wire waiting = Pop3Wire.connect(edge.pop3Port())) {
                waiting.ask("USER slow");
                waiting.send("PASS secret");
                central.passReceived.await();
                List<String> others = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    try (Pop3Wire other = Pop3Wire.connect(edge.pop3Port())) {
                        others.add(other.ask("CAPA"));
                        other.body();
                    }
                }
                assertThat(others).allMatch(r -> r.startsWith("+OK"));
                release.countDown();
                assertThat(waiting.line()).startsWith("+OK");
            }
        }

        private EdgeNode edgeInFrontOf(int centralPort) throws Exception {
            String yaml = """
                    pop3: {listen: "127.0.0.1:0", io-threads: 1}
                    central: {host: 127.0.0.1, port: %d, connect-timeout: 2s, read-timeout: 30s}
                    notify: {enabled: false}
                    cache: {enabled: false}
                    admin: {enabled: false}
                    auth: {failure-delay: 0s, failure-delay-max: 0s}
                    """.formatted(centralPort);
            return EdgeNode.start(ConfigLoader.parse(yaml), MutableClock.atEpoch());
        }
    }

    @Test
    void anIdleConnectionIsClosedSilentlyByTheSessionTimer() throws Exception {
        // its own edge and a plain connection: the same under every transport, and slow
        assumeTrue(transport() == Pop3Transport.PLAIN);
        String yaml = """
                pop3: {listen: "127.0.0.1:0", idle-timeout-before-login: 1s}
                central: {host: 127.0.0.1, port: %d}
                notify: {enabled: false}
                cache: {enabled: false}
                admin: {enabled: false}
                """.formatted(node.central.getPop3().getPort());
        try (EdgeNode edge = EdgeNode.start(ConfigLoader.parse(yaml), MutableClock.atEpoch());
             Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
            assertThat(pop.closedByServer()).isTrue();
        }
    }
}
