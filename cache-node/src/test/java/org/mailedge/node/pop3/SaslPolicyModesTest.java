package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Wire;

/** AUTH in reject and delay modes: the same verdicts as USER/PASS, since both go through one login step. */
class SaslPolicyModesTest {

    private static String authPlain(String user, String password) {
        return "AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void check(CentralAndEdge node, String expectedLogin) throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.ask(authPlain("alice", "secret"))).startsWith(expectedLogin);
            pop.ask("QUIT");
        }
    }

    @Test
    void inRejectModeARepeatCheckThroughAuthGetsLoginDelay() throws Exception {
        try (CentralAndEdge node = CentralAndEdge.start("attenuation: {mode: reject}\n")) {
            node.user("alice", "secret");
            check(node, "+OK");
            check(node, "-ERR [LOGIN-DELAY]");
            assertThat(node.edge.counters().snapshot().loginDelayRejects()).isEqualTo(1);
        }
    }

    @Test
    void inDelayModeARepeatCheckThroughAuthIsDelayed() throws Exception {
        try (CentralAndEdge node = CentralAndEdge.start("""
                attenuation:
                  mode: delay
                  delay: {step: 300ms, max-total: 300ms, max-per-reply: 300ms}
                """)) {
            node.user("alice", "secret");
            check(node, "+OK");
            check(node, "+OK");
            assertThat(node.edge.counters().snapshot().delayedSessions()).isEqualTo(1);
            assertThat(node.edge.counters().snapshot().delayInsertedMillis()).isEqualTo(300);
        }
    }
}
