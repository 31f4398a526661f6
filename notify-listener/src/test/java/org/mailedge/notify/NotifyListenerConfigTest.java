package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NotifyListenerConfigTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final List<NetworkRange> LOCAL = NotifyListenerConfig.DEFAULT_ALLOWED_NETWORKS;
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

    @Test
    void defaultsAreTheDocumentedOnes() {
        NotifyListenerConfig config = NotifyListenerConfig.defaults(2525);

        assertThat(config.bindAddress()).isEqualTo(LOOPBACK);
        assertThat(config.port()).isEqualTo(2525);
        assertThat(config.allowedNetworks()).extracting(NetworkRange::toString)
                .containsExactly("127.0.0.0/8", "0:0:0:0:0:0:0:1/128");
        assertThat(config.maxMessageBytes()).isEqualTo(65_536);
        assertThat(config.maxRecipients()).isEqualTo(1000);
        assertThat(config.maxTransactionsPerMinutePerSource()).isEqualTo(600);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.hostName()).isEqualTo("localhost");
    }

    @Test
    void theAllowedNetworksAreCopiedSoTheCallerCannotChangeThemLater() {
        List<NetworkRange> networks = new ArrayList<>(LOCAL);
        NotifyListenerConfig config = new NotifyListenerConfig(LOOPBACK, 0, networks, 65_536, 1000, 600,
                THIRTY_SECONDS, "edge.test");

        networks.clear();

        assertThat(config.allowedNetworks()).hasSize(2);
        assertThatThrownBy(() -> config.allowedNetworks().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eachInvalidFieldIsNamedWithItsAllowedRange() {
        assertThatThrownBy(() -> new NotifyListenerConfig(null, 0, LOCAL, 65_536, 1000, 600, THIRTY_SECONDS, "e"))
                .hasMessage("bindAddress must not be null");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 65_536, LOCAL, 65_536, 1000, 600, THIRTY_SECONDS, "e"))
                .hasMessage("port must be between 0 and 65535, was 65536");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, List.of(), 65_536, 1000, 600, THIRTY_SECONDS, "e"))
                .hasMessageStartingWith("allowedNetworks must name at least one network");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, LOCAL, 100, 1000, 600, THIRTY_SECONDS, "e"))
                .hasMessage("maxMessageBytes must be between 1024 and 10485760 bytes, was 100");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, LOCAL, 65_536, 0, 600, THIRTY_SECONDS, "e"))
                .hasMessage("maxRecipients must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, LOCAL, 65_536, 1000, 0, THIRTY_SECONDS, "e"))
                .hasMessage("maxTransactionsPerMinutePerSource must be between 1 and 1000000, was 0");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, LOCAL, 65_536, 1000, 600, Duration.ofMillis(10), "e"))
                .hasMessage("connectionTimeout must be between PT1S and PT1H, was PT0.01S");
        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, LOCAL, 65_536, 1000, 600, THIRTY_SECONDS, "edge node"))
                .hasMessage("hostName must be 1 to 255 printable US-ASCII characters without spaces, was \"edge node\"");
    }

    @Test
    void aNullNetworkInTheListIsRefused() {
        List<NetworkRange> withNull = new ArrayList<>(LOCAL);
        withNull.add(null);

        assertThatThrownBy(() -> new NotifyListenerConfig(LOOPBACK, 0, withNull, 65_536, 1000, 600, THIRTY_SECONDS, "e"))
                .hasMessage("allowedNetworks must not contain null");
    }
}
