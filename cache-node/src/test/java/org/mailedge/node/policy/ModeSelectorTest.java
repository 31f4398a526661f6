package org.mailedge.node.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailedge.notify.NetworkRange;

class ModeSelectorTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private final ModeSelector selector = new ModeSelector(Mode.ATTENUATE, List.of(
            new ModeException(Set.of(), List.of(NetworkRange.parse("127.0.9.0/24")), Mode.OFF),
            new ModeException(Set.of("monitor"), List.of(), Mode.OFF),
            new ModeException(Set.of("bulk", "monitor"), List.of(), Mode.DELAY)));

    @Test
    void anyoneElseGetsTheNodesMode() throws Exception {
        assertThat(selector.modeFor("alice", ip("127.0.0.1"))).isEqualTo(Mode.ATTENUATE);
    }

    @Test
    void aNetworkExceptionCoversEveryUserFromThatNetwork() throws Exception {
        assertThat(selector.modeFor("alice", ip("127.0.9.7"))).isEqualTo(Mode.OFF);
        assertThat(selector.modeFor("bulk", ip("127.0.9.7"))).isEqualTo(Mode.OFF);
    }

    @Test
    void aUserExceptionCoversThatUserFromAnywhere() throws Exception {
        assertThat(selector.modeFor("bulk", ip("127.0.0.1"))).isEqualTo(Mode.DELAY);
    }

    @Test
    void theFirstMatchingExceptionWins() throws Exception {
        assertThat(selector.modeFor("monitor", ip("127.0.0.1"))).isEqualTo(Mode.OFF);
    }

    @Test
    void anExceptionMustNameSomebody() {
        assertThatThrownBy(() -> new ModeException(Set.of(), List.of(), Mode.OFF)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyUsesLooksAtTheExceptionsToo() {
        assertThat(selector.anyUses(Mode.DELAY)).isTrue();
        assertThat(selector.anyUses(Mode.REJECT)).isFalse();
    }
}
