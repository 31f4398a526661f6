package org.mailedge.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailedge.sync.origin.OriginForwarding;

/** The keys of the connection limits, the PROXY protocol listener and the client-address forwarding. */
class LimitsAndForwardingConfigTest {

    @Test
    void theDefaultsAreTenSessionsPerUserAndAddressNoProxyProtocolAndNoForwarding() throws Exception {
        EdgeConfig config = ConfigLoader.parse("");
        assertThat(config.pop3().limits().maxConnectionsPerUserAndAddress()).isEqualTo(10);
        assertThat(config.pop3().limits().proxyProtocol().enabled()).isFalse();
        assertThat(config.pop3().limits().proxyProtocol().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.central().forwarding()).isEqualTo(OriginForwarding.NONE);
    }

    @Test
    void theKeysAreRead() throws Exception {
        EdgeConfig config = ConfigLoader.parse("""
                pop3:
                  max-connections-per-user-and-address: 3
                  proxy-protocol: {trusted-networks: [10.0.0.0/8, 192.0.2.1], header-timeout: 2s}
                central: {forward-client-address: proxy-v2}
                """);
        assertThat(config.pop3().limits().maxConnectionsPerUserAndAddress()).isEqualTo(3);
        assertThat(config.pop3().limits().proxyProtocol().trusts(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(config.pop3().limits().proxyProtocol().trusts(InetAddress.getByName("192.0.2.2"))).isFalse();
        assertThat(config.pop3().limits().proxyProtocol().headerTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.central().forwarding()).isEqualTo(OriginForwarding.PROXY_V2);
    }

    @Test
    void aTrustedNetworkThatIsNoNetworkIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {proxy-protocol: {trusted-networks: [balancer]}}"))
                .hasMessageStartingWith("pop3.proxy-protocol.trusted-networks: 'balancer' is not an address or CIDR range");
    }

    @Test
    void anUnknownForwardingListsTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.parse("central: {forward-client-address: smtp}"))
                .hasMessage("central.forward-client-address: must be one of none, xclient, proxy-v1, proxy-v2, found 'smtp'");
    }

    @Test
    void aNegativeUserAndAddressLimitIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {max-connections-per-user-and-address: -1}"))
                .hasMessage("pop3.max-connections-per-user-and-address: must be a whole number from 0 to 1000000, found '-1'");
    }

    @Test
    void aHeaderTimeoutOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {proxy-protocol: {header-timeout: 1h}}"))
                .hasMessageStartingWith("pop3.proxy-protocol.header-timeout: must be from 100ms to 5m");
    }

    @Test
    void aTypoInTheProxySectionIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {proxy-protocol: {trusted-network: [10.0.0.0/8]}}"))
                .hasMessageStartingWith("pop3.proxy-protocol.trusted-network: unknown key");
    }
}
