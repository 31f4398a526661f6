package org.mailedge.node.pop3;

/**
 * Extended response codes the edge emits (RFC 2449 §8, RFC 3206). A client that sees
 * {@link #AUTH} asks its user for the password again; one that sees {@link #SYS_TEMP}
 * retries later with the same password, so an unreachable central server must never be
 * reported as {@code [AUTH]}.
 */
enum ResponseCode {
    /** RFC 2449 §8.1.2: another session holds the maildrop. */
    IN_USE("IN-USE"),
    /** RFC 2449 §8.1.1: the user logged in too soon after the last login. */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** RFC 3206 §4: transient failure, try again later. */
    SYS_TEMP("SYS/TEMP"),
    /** RFC 3206 §5: the credentials are wrong. */
    AUTH("AUTH");

    private final String text;

    ResponseCode(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
