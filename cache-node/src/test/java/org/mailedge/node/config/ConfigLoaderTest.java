package org.mailedge.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailedge.node.attenuation.FastCheck;
import org.mailedge.node.attenuation.ReleasePolicy;
import org.mailedge.node.attenuation.RhythmClassifier;
import org.mailedge.node.delay.DelayRule;
import org.mailedge.node.policy.Mode;
import org.mailedge.node.policy.ModeSelector;

class ConfigLoaderTest {

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() throws Exception {
        EdgeConfig config = ConfigLoader.parse("");
        assertThat(config.pop3().listen().getPort()).isEqualTo(1110);
        assertThat(config.pop3().limits().maxLineLength()).isEqualTo(255);
        assertThat(config.pop3().limits().idleAfterLogin()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.central().endpoint().port()).isEqualTo(110);
        assertThat(config.attenuation().releasePolicy(config.attenuation().newLoadSignal()))
                .isEqualTo(new ReleasePolicy.TimeRule(Duration.ofMinutes(15)));
        assertThat(config.attenuation().modes()).isEqualTo(ModeSelector.always(Mode.ATTENUATE));
        assertThat(config.attenuation().fastCheck()).isEmpty();
        assertThat(config.attenuation().delay()).isEqualTo(DelayRule.defaults());
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
        assertThat(config.attenuation().releasePolicy(config.attenuation().newLoadSignal()))
                .isEqualTo(new ReleasePolicy.OneInM(5));
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
                .hasMessage("attenuation.policy: must be one of time, one-in-m, adaptive, found 'sometimes'");
    }

    @Test
    void modesExceptionsFastCheckAdaptiveAndDelayAreRead() throws Exception {
        EdgeConfig.Attenuation a = ConfigLoader.parse("""
                attenuation:
                  mode: delay
                  policy: adaptive
                  adaptive: {min-interval: 2m, max-interval: 20m, low-rate: 10, high-rate: 40.5, smoothing: 1m}
                  fast-check: {enabled: true, checks: 4, window: 1m, lockout: 20m, metronomic-below: 0.05}
                  delay: {step: 5s, max-total: 30s, max-per-reply: 8s}
                  exceptions:
                    - {networks: [192.0.2.10/32], mode: off}
                    - {users: [monitor, webmail]}
                """).attenuation();
        assertThat(a.modes().defaultMode()).isEqualTo(Mode.DELAY);
        assertThat(a.modes().modeFor("alice", java.net.InetAddress.getByName("192.0.2.10"))).isEqualTo(Mode.OFF);
        assertThat(a.modes().modeFor("webmail", java.net.InetAddress.getByName("127.0.0.1"))).isEqualTo(Mode.OFF);
        assertThat(a.modes().modeFor("alice", java.net.InetAddress.getByName("127.0.0.1"))).isEqualTo(Mode.DELAY);
        assertThat(a.adaptive()).isEqualTo(new EdgeConfig.Attenuation.Adaptive(Duration.ofMinutes(2), Duration.ofMinutes(20),
                10, 40.5, Duration.ofMinutes(1)));
        assertThat(a.releasePolicy(a.newLoadSignal())).isInstanceOf(ReleasePolicy.AdaptiveTimeRule.class);
        assertThat(a.loginDelaySeconds()).contains(1200L);
        assertThat(a.fastCheck()).contains(new FastCheck(4, Duration.ofMinutes(1), Duration.ofMinutes(20), new RhythmClassifier(0.05)));
        assertThat(a.delay()).isEqualTo(new DelayRule(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(8)));
    }

    @Test
    void aNodeWhoseModeIsOffAdvertisesNoLoginDelay() throws Exception {
        assertThat(ConfigLoader.parse("attenuation: {mode: off}").attenuation().loginDelaySeconds()).isEmpty();
        assertThat(ConfigLoader.parse("attenuation: {mode: delay}").attenuation().loginDelaySeconds()).contains(900L);
    }

    @Test
    void badPolicySettingsNameTheirKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {mode: sometimes}"))
                .hasMessage("attenuation.mode: must be one of attenuate, delay, reject, off, found 'sometimes'");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {mode: delay, policy: one-in-m}"))
                .hasMessageStartingWith("attenuation.policy: one-in-m has no interval");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {policy: one-in-m, exceptions: [{users: [x], mode: reject}]}"))
                .hasMessageStartingWith("attenuation.policy: one-in-m has no interval");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {exceptions: [{networks: [10.0.0.0/33]}]}"))
                .hasMessageStartingWith("attenuation.exceptions[0].networks: '10.0.0.0/33' is not an address or CIDR range");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {exceptions: [{mode: off}]}"))
                .hasMessage("attenuation.exceptions[0].users: an exception needs users or networks (or both)");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {exceptions: [{users: [a], modus: off}]}"))
                .hasMessageStartingWith("attenuation.exceptions[0].modus: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {exceptions: {users: [a]}}"))
                .hasMessage("attenuation.exceptions: must be a list of sections");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {delay: {max-per-reply: 60s}}"))
                .hasMessage("attenuation.delay.max-per-reply: must be from 100ms to 59s, found '60s'");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {fast-check: {window: 1m, lockout: 30s}}"))
                .hasMessageStartingWith("attenuation.fast-check.lockout: must be longer than attenuation.fast-check.window");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {fast-check: {metronomic-below: 2}}"))
                .hasMessage("attenuation.fast-check.metronomic-below: must be a number from 0.0 to 1.0, found '2'");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {adaptive: {low-rate: 50, high-rate: 50}}"))
                .hasMessageStartingWith("attenuation.adaptive.high-rate: must be more than attenuation.adaptive.low-rate");
        assertThatThrownBy(() -> ConfigLoader.parse("attenuation: {adaptive: {min-interval: 10m, max-interval: 5m}}"))
                .hasMessageStartingWith("attenuation.adaptive.max-interval: must be at least");
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
