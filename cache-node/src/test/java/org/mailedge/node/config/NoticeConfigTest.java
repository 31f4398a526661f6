package org.mailedge.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailedge.node.notice.NoticeSettings;

/** The {@code notices} section: defaults, and errors that name the key. */
class NoticeConfigTest {

    @Test
    void noticesAreOffWithoutARelayAndTheDefaultsAreTheDocumentedOnes() throws Exception {
        NoticeSettings notices = ConfigLoader.parse("").notices();
        assertThat(notices).isEqualTo(new NoticeSettings(false, Optional.empty(), "postmaster@mailedge.localhost",
                Optional.empty(), Duration.ofDays(1), Duration.ofMinutes(15), Optional.empty(), Duration.ofMinutes(1),
                Duration.ofSeconds(30)));
    }

    @Test
    void aRelayTurnsNoticesOnAndEveryKeyIsRead() throws Exception {
        NoticeSettings notices = ConfigLoader.parse("""
                notices:
                  relay: smtp.isp.example:587
                  domain: isp.example
                  period: 7d
                  desired-interval: 30m
                  help-url: https://www.isp.example/help/mail-check
                  sweep-interval: 10s
                  relay-timeout: 5s
                """).notices();
        assertThat(notices.enabled()).isTrue();
        assertThat(notices.relay()).hasValue(new NoticeSettings.Relay("smtp.isp.example", 587));
        assertThat(notices.from()).isEqualTo("postmaster@isp.example");
        assertThat(notices.period()).isEqualTo(Duration.ofDays(7));
        assertThat(notices.desiredInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(notices.helpLink(Optional.empty())).isEqualTo(URI.create("https://www.isp.example/help/mail-check"));
    }

    @Test
    void aRelayCanBeConfiguredAndStillSwitchedOff() throws Exception {
        assertThat(ConfigLoader.parse("notices: {relay: \"127.0.0.1:25\", enabled: false}").notices().enabled()).isFalse();
    }

    @Test
    void theDesiredIntervalFollowsTheTimeRule() throws Exception {
        assertThat(ConfigLoader.parse("attenuation: {interval: 30m}").notices().desiredInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(ConfigLoader.parse("attenuation: {policy: one-in-m}").notices().desiredInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theDefaultHelpLinkIsTheAdminServersPage() throws Exception {
        NoticeSettings notices = ConfigLoader.parse("notices: {relay: \"127.0.0.1:25\"}").notices();
        assertThat(notices.helpLink(Optional.of(URI.create("http://127.0.0.1:8025/"))))
                .isEqualTo(URI.create("http://127.0.0.1:8025/help/check-interval"));
    }

    @Test
    void enablingWithoutARelayNamesTheRelayKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {enabled: true}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("notices.relay: is required when notices.enabled is true");
    }

    @Test
    void aRelayWithoutAPortIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {relay: smtp.isp.example}"))
                .hasMessage("notices.relay: must be host:port of an SMTP relay with a port from 1 to 65535, found 'smtp.isp.example'");
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {relay: \"smtp.isp.example:0\"}"))
                .hasMessageStartingWith("notices.relay: must be host:port");
    }

    @Test
    void aBadDomainIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {domain: isp..example}"))
                .hasMessage("notices.domain: must be a domain name such as isp.example, found 'isp..example'");
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {domain: \"user@isp.example\"}"))
                .hasMessageStartingWith("notices.domain: must be a domain name");
    }

    @Test
    void aBadFromAddressIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {from: not an address}"))
                .hasMessageStartingWith("notices.from: must be a mail address");
    }

    @Test
    void aPeriodOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {period: 10m}"))
                .hasMessageStartingWith("notices.period: must be from 60m");
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {period: daily}"))
                .hasMessageStartingWith("notices.period: must be a duration");
    }

    @Test
    void aDesiredIntervalBelowAMinuteIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {desired-interval: 30s}"))
                .hasMessageStartingWith("notices.desired-interval: must be from 1m");
    }

    @Test
    void aHelpUrlMustBeHttp() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {help-url: \"ftp://isp.example/help\"}"))
                .hasMessageStartingWith("notices.help-url: must be an http or https URL");
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {help-url: \"/help\"}"))
                .hasMessageStartingWith("notices.help-url: must be an http or https URL");
    }

    @Test
    void noticesNeedTheStore() {
        assertThatThrownBy(() -> ConfigLoader.parse("cache: {enabled: false}\nnotices: {relay: \"127.0.0.1:25\"}"))
                .hasMessageStartingWith("notices.enabled: needs cache.enabled: true");
    }

    @Test
    void withoutTheAdminServerAHelpUrlIsRequired() {
        assertThatThrownBy(() -> ConfigLoader.parse("admin: {enabled: false}\nnotices: {relay: \"127.0.0.1:25\"}"))
                .hasMessageStartingWith("notices.help-url: is required when admin.enabled is false");
    }

    @Test
    void aMisspelledKeyIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("notices: {perod: 1d}"))
                .hasMessageStartingWith("notices.perod: unknown key");
    }
}
