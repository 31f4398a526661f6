package org.mailedge.notify;

import java.util.Locale;

import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;

/**
 * Every SMTP reply the listener writes itself, so codes and texts stay consistent and no handler
 * concatenates its own. Enhanced status codes follow RFC 3463; replies the library writes on its
 * own (syntax errors, {@code 452} too many recipients, {@code 503} bad sequence) are not here.
 */
enum Reply {

    /** RFC 5321 section 3.1 allows 554 instead of the 220 greeting. Argument: client address. */
    NOT_ALLOWED(554, "5.7.1 %s is not allowed to send notifications"),
    /** The wording Postfix uses for its message rate limit. Argument: client address. */
    RATE_LIMITED(450, "4.7.1 too many notifications from %s, try again later"),
    /** RFC 1870: a declared SIZE above the fixed maximum gets 552 at MAIL FROM. Argument: the limit in bytes. */
    DECLARED_SIZE_TOO_LARGE(552, "5.3.4 declared message size exceeds the fixed maximum of %d bytes"),
    RECIPIENT_NOT_USER_AT_DOMAIN(501, "5.1.3 recipient must be user@domain"),
    RECIPIENT_EMPTY_USER(501, "5.1.3 recipient has an empty user name before the @"),
    RECIPIENT_BAD_USER(553, "5.1.3 user name must be printable US-ASCII without spaces"),
    /**
     * RFC 5321 section 4.1.1.4 forbids taking a bare LF for a line end; refusing the whole message
     * closes the SMTP smuggling class (CVE-2023-51764 and relatives). 5.6.11 is the code Exchange
     * Online answers bare line feeds with; it is not in the IANA registry, and RFC 3463 section 2
     * has clients that do not know it read it as 5.6.0.
     */
    BARE_LINE_END(550, "5.6.11 bare CR or LF in DATA refused, every line must end with CRLF"),
    /** RFC 5321 section 4.5.3.1.9 ("552 Too much mail data"). Argument: the limit in bytes. */
    TOO_LARGE(552, "5.3.4 message exceeds the fixed maximum of %d bytes"),
    SINK_FAILED(451, "4.3.0 notification not recorded, try again later"),
    /**
     * CHUNKING is not advertised (RFC 3030 section 2: a client must not send BDAT then). The
     * connection is closed because the chunk bytes that follow would otherwise be read as commands.
     */
    BDAT_REFUSED(502, "5.5.1 BDAT is not offered here, use DATA; closing connection"),
    EHLO_SYNTAX(501, "5.5.4 syntax: EHLO hostname"),
    /** Argument: number of users notified. The library adds the 250 code. */
    ACCEPTED(250, "2.0.0 notification accepted for %d user(s)");

    private final int code;
    private final String text;

    Reply(int code, String text) {
        this.code = code;
        this.text = text;
    }

    int code() {
        return code;
    }

    /** The text after the code. */
    String text(Object... arguments) {
        return String.format(Locale.ROOT, text, arguments);
    }

    /** The whole reply line, without CRLF. */
    String line(Object... arguments) {
        return code + " " + text(arguments);
    }

    RejectException reject(Object... arguments) {
        return new RejectException(code, text(arguments));
    }

    DropConnectionException dropConnection(Object... arguments) {
        return new DropConnectionException(code, text(arguments));
    }
}
