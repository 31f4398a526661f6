package org.mailedge.node.notice;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code notices} section: whether, how often and through which SMTP relay the edge mails
 * attenuated users. Validated by the configuration loader; README.md documents each key.
 *
 * @param relay the SMTP relay that takes the notices; required when enabled
 * @param from the From address (also the envelope sender)
 * @param domain appended as {@code user@domain} to POP3 user names without an '@'
 * @param period at most one notice per user per period
 * @param desiredInterval the check interval the notice and the help page ask for
 * @param helpUrl the help page the notice links to; empty: the admin server's own page
 * @param sweepInterval how often (wall-clock) the queue of owed notices is swept
 * @param relayTimeout connect and read time-out towards the relay
 */
public record NoticeSettings(boolean enabled, Optional<Relay> relay, String from, Optional<String> domain, Duration period,
                             Duration desiredInterval, Optional<URI> helpUrl, Duration sweepInterval, Duration relayTimeout) {

    /** The path of the help page on the admin server. */
    public static final String HELP_PATH = "/help/check-interval";

    public record Relay(String host, int port) {}

    /** The link in the notice: the configured one, or the help page of the admin server at {@code adminBase}. */
    public URI helpLink(Optional<URI> adminBase) {
        return helpUrl.or(() -> adminBase.map(base -> base.resolve(HELP_PATH)))
                .orElseThrow(() -> new IllegalStateException("notices.help-url is required when the admin server is off"));
    }
}
