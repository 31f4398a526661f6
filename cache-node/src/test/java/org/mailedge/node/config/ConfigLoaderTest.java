package org.mailedge.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailedge.node.attenuation.ReleasePolicy;

class ConfigLoaderTest {

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() throws Exception {
        EdgeConfig config = ConfigLoader.parse("");
        assertThat(config.pop3().listen().getPort()).isEqualTo(1110);
        assertThat(config.pop3().limits().maxLineLength()).isEqualTo(255);
        assertThat(config.pop3().limits().idleAfterLogin()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.central().endpoint().port()).isEqualTo(110);
        assertThat(config.attenuation().policy()).isEqualTo(new ReleasePolicy.TimeRule(Duration.ofMinutes(15)));
        assertThat(config.attenuation().loginDelaySeconds()).contains(900L);
        assertThat(config.auth().failureDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.auth().failureDelayMax()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.notifications().enabled()).isTrue();
        assertThat(config.notifications().listener().port()).isEqualTo(2525);
    }

    @Test
    void theShippedExampleFileLoadsAndStatesTheDefaults() throws Exception {
        EdgeConfig example = ConfigLoader.load(java.nio.file.Path.of("../conf/mailedge.yaml"));
        EdgeConfig defaults = ConfigLoader.parse("pop3: {io-threads: 4}");
        assertThat(example).isEqualTo(defaults);
    }

    @Test
    void everySectionIsRead() throws Exception {
        EdgeConfig config = ConfigLoader.parse("""
                node: {host-name: edge1.isp.example}
                pop3: {listen: "0.0.0.0:110", max-line-length: 512, idle-timeout-before-login: 30s}
                central: {host: pop.isp.example, port: 995, read-timeout: 2m, max-response-size: 16MiB, max-sessions: 8}
                attenuation: {policy: one-in-m, one-in-m: 5}
                auth: {failure-delay: 1s, failure-delay-max: 10s}
                notify: {enabled: false, allowed-networks: [10.1.0.0/16]}
                """);
        assertThat(config.node().hostName()).isEqualTo("edge1.isp.example");
        assertThat(config.pop3().limits().maxLineLength()).isEqualTo(512);
        assertThat(config.central().endpoint().readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.central().endpoint().maxResponseBytes()).isEqualTo(16L << 20);
        assertThat(config.central().maxSessions()).isEqualTo(8);
        assertThat(config.attenuation().policy()).isEqualTo(new ReleasePolicy.OneInM(5));
        assertThat(config.attenuation().loginDelaySeconds()).isEmpty();
        assertThat(config.notifications().enabled()).isFalse();
    }

    @Test
    void anUnknownKeyIsNamedWithTheKeysAllowedThere() {
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {intervall: 5m}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("attenuation.intervall: unknown key")
                .hasMessageContaining("interval");
    }

    @Test
    void aBadDurationNamesTheKeyAndTheForm() {
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {interval: soon}"))
                .hasMessage("attenuation.interval: must be a duration such as 500ms, 30s, 15m, 2h or 1d, found 'soon'");
    }

    @Test
    void anAutologoutBelowTenMinutesIsRefusedCitingTheRange() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {idle-timeout-after-login: 5m}"))
                .hasMessageStartingWith("pop3.idle-timeout-after-login: must be from 10m");
    }

    @Test
    void aLineCapBelowRfc2449IsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {max-line-length: 100}"))
                .hasMessage("pop3.max-line-length: must be a whole number from 255 to 8192, found '100'");
    }

    @Test
    void anUnknownPolicyListsTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {policy: sometimes}"))
                .hasMessage("attenuation.policy: must be one of time, one-in-m, found 'sometimes'");
    }

    @Test
    void aBadNetworkNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("notify: {allowed-networks: [not-a-network]}"))
                .hasMessageStartingWith("notify.allowed-networks: 'not-a-network' is not an address or CIDR range");
    }

    @Test
    void aBadAddressNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {listen: localhost}"))
                .hasMessage("pop3.listen: must be host:port with a port from 0 to 65535, found 'localhost'");
    }

    @Test
    void aPenaltyCapBelowItsFirstStepIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("auth: {failure-delay: 5s, failure-delay-max: 1s}"))
                .hasMessageStartingWith("auth.failure-delay-max: must be at least auth.failure-delay");
    }

    @Test
    void brokenYamlSaysWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3:\n  listen: [unclosed\n"))
                .hasMessageStartingWith("not valid YAML");
    }

    @Test
    void aSectionThatIsNotAMappingIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("central: pop.isp.example"))
                .hasMessage("central: must be a section of keys, found 'pop.isp.example'");
    }
}
