package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Wire;

/**
 * Reject mode, per-user and per-network exceptions, and the fast check and adaptive interval
 * as the configuration file turns them on: GreenMail as the central server, the edge's
 * listener, the injected clock.
 */
class PolicySelectionOverSocketsTest {

    private CentralAndEdge node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private EdgeCounters.Snapshot counters() {
        return node.edge.counters().snapshot();
    }

    private String pass(Pop3Wire pop, String user, String password) throws Exception {
        assertThat(pop.ask("USER " + user)).startsWith("+OK");
        return pop.ask("PASS " + password);
    }

    /** USER, PASS and, when logged in, STAT and QUIT; returns the PASS reply. */
    private String check(String user, String password) throws Exception {
        try (Pop3Wire pop = node.connect()) {
            return finish(pop, pass(pop, user, password));
        }
    }

    /** CAPA's capability lines. */
    private List<String> capabilities() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask("CAPA")).startsWith("+OK");
            return pop.body();
        }
    }

    /** Alice checks three times within 17 s, 3 s and then 11 s apart: a person, not a timer. */
    private void threeIrregularChecks() throws Exception {
        node.user("alice", "secret");
        check("alice", "secret");
        node.clock.advance(Duration.ofSeconds(3));
        check("alice", "secret");
        node.clock.advance(Duration.ofSeconds(11));
        check("alice", "secret");
    }

    private static String finish(Pop3Wire pop, String passReply) throws Exception {
        if (passReply.startsWith("+OK")) {
            assertThat(pop.ask("STAT")).startsWith("+OK");
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
        return passReply;
    }

    @Nested
    class RejectMode {
        @Test
        void aRepeatCheckWithTheRightPasswordGetsLoginDelayUntilTheIntervalHasPassed() throws Exception {
            node = CentralAndEdge.start("attenuation: {mode: reject}\n");
            node.user("alice", "secret");
            assertThat(check("alice", "secret")).startsWith("+OK");
            node.clock.advance(Duration.ofMinutes(5));
            assertThat(check("alice", "secret")).isEqualTo("-ERR [LOGIN-DELAY] Checking mail too often; please wait 15 minutes between checks.");
            assertThat(counters().loginDelayRejects()).isEqualTo(1);
            // the refusal does not hold the mailbox
            node.clock.advance(Duration.ofMinutes(10));
            assertThat(check("alice", "secret")).startsWith("+OK");
            assertThat(counters().passedThrough()).isEqualTo(2);
        }

        @Test
        void aWrongPasswordIsNeverToldLoginDelay() throws Exception {
            node = CentralAndEdge.start("attenuation: {mode: reject}\n");
            node.user("alice", "secret");
            check("alice", "secret");
            assertThat(check("alice", "guess")).startsWith("-ERR [AUTH]");
            assertThat(counters().loginDelayRejects()).isZero();
        }

        @Test
        void aNotificationLetsTheNextCheckThrough() throws Exception {
            node = CentralAndEdge.start("attenuation: {mode: reject}\n");
            node.user("alice", "secret");
            check("alice", "secret");
            node.notifyNewMail("alice");
            assertThat(check("alice", "secret")).startsWith("+OK");
        }

        @Test
        void capaAdvertisesTheInterval() throws Exception {
            node = CentralAndEdge.start("attenuation: {mode: reject, interval: 10m}\n");
            assertThat(capabilities()).contains("LOGIN-DELAY 600");
        }
    }

    @Nested
    class Exceptions {
        @Test
        void aUserExceptionWithModeOffLetsEveryCheckOfThatUserThrough() throws Exception {
            node = CentralAndEdge.start("""
                    attenuation:
                      exceptions:
                        - {users: [monitor], mode: off}
                    """);
            node.user("monitor", "probe");
            node.user("alice", "secret");
            for (int i = 0; i < 3; i++) {
                assertThat(check("monitor", "probe")).startsWith("+OK");
                assertThat(check("alice", "secret")).startsWith("+OK");
                node.clock.advance(Duration.ofMinutes(1));
            }
            assertThat(counters().unattenuatedChecks()).isEqualTo(3);
            // alice is attenuated as usual: her first check went through, the other two were answered at the edge
            assertThat(counters().answeredAtEdge()).isEqualTo(2);
            assertThat(counters().passedThrough()).isEqualTo(4);
        }

        @Test
        void aNetworkExceptionCoversEveryUserConnectingFromIt() throws Exception {
            node = CentralAndEdge.start("""
                    attenuation:
                      exceptions:
                        - {networks: [127.0.0.77/32], mode: off}
                    """);
            node.user("alice", "secret");
            InetAddress webmail = InetAddress.getByName("127.0.0.77");
            for (int i = 0; i < 3; i++) {
                try (Pop3Wire pop = Pop3Wire.connectFrom(webmail, node.edge.pop3Port())) {
                    assertThat(finish(pop, pass(pop, "alice", "secret"))).startsWith("+OK");
                }
            }
            assertThat(counters().passedThrough()).isEqualTo(3);
            // the same user from anywhere else is attenuated
            assertThat(check("alice", "secret")).startsWith("+OK");
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
        }
    }

    @Nested
    class FastCheckFromTheConfiguration {
        @Test
        void theThirdOfThreeIrregularChecksWithinTheWindowGoesThrough() throws Exception {
            node = CentralAndEdge.start("attenuation: {fast-check: {enabled: true}}\n");
            threeIrregularChecks();
            assertThat(counters().fastCheckRewards()).isEqualTo(1);
            assertThat(counters().passedThrough()).isEqualTo(2);
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
        }

        @Test
        void metronomicChecksAreNeverRewarded() throws Exception {
            node = CentralAndEdge.start("attenuation: {fast-check: {enabled: true}}\n");
            node.user("alice", "secret");
            for (int i = 0; i < 8; i++) {
                check("alice", "secret");
                node.clock.advance(Duration.ofSeconds(5));
            }
            assertThat(counters().fastCheckRewards()).isZero();
            assertThat(counters().passedThrough()).isEqualTo(1);
        }

        @Test
        void offByDefault() throws Exception {
            node = CentralAndEdge.start();
            threeIrregularChecks();
            assertThat(counters().fastCheckRewards()).isZero();
            assertThat(counters().passedThrough()).isEqualTo(1);
        }
    }

    @Nested
    class AdaptiveFromTheConfiguration {
        /**
         * One central session an hour-long average reads 1/3600 per second: below low-rate, so n
         * is the minimum. Eleven read 11/3600: above high-rate, so n is the maximum.
         */
        private static final String ADAPTIVE = """
                attenuation:
                  policy: adaptive
                  adaptive: {min-interval: 1m, max-interval: 30m, low-rate: 0.0003, high-rate: 0.002, smoothing: 1h}
                """;

        @Test
        void aLightlyLoadedCentralServerGetsChecksAfterTheShortInterval() throws Exception {
            node = CentralAndEdge.start(ADAPTIVE);
            node.user("alice", "secret");
            check("alice", "secret");
            node.clock.advance(Duration.ofMinutes(5));
            check("alice", "secret");
            assertThat(counters().passedThrough()).isEqualTo(2);
        }

        @Test
        void theCentralSessionsTheEdgeOpensRaiseTheInterval() throws Exception {
            node = CentralAndEdge.start(ADAPTIVE);
            node.user("alice", "secret");
            check("alice", "secret");
            for (int i = 0; i < 10; i++) {
                node.user("user" + i, "pw" + i);
                check("user" + i, "pw" + i);
            }
            node.clock.advance(Duration.ofMinutes(5));
            check("alice", "secret");
            assertThat(counters().answeredAtEdge()).isEqualTo(1);
            assertThat(counters().passedThrough()).isEqualTo(11);
            node.clock.advance(Duration.ofMinutes(26));
            check("alice", "secret");
            assertThat(counters().passedThrough()).isEqualTo(12);
        }

        @Test
        void capaAdvertisesTheLongestInterval() throws Exception {
            node = CentralAndEdge.start(ADAPTIVE);
            assertThat(capabilities()).contains("LOGIN-DELAY 1800");
        }
    }
}
