package org.mailedge.node.pop3;

import java.time.Duration;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Response;

/**
 * Every status line the edge writes itself is made here, so texts and response codes stay
 * consistent and a handler never concatenates its own {@code -ERR}.
 */
final class Replies {

    static final Response LOGGED_IN = ok("Logged in.");
    static final Response AUTH_FAILED = err(ResponseCode.AUTH, "Authentication failed.");
    static final Response IN_USE = err(ResponseCode.IN_USE, "Mailbox is locked by another POP3 session.");
    static final Response CENTRAL_UNAVAILABLE =
            err(ResponseCode.SYS_TEMP, "Mail service temporarily unavailable, try again later.");
    static final Response SIGN_OFF = endSession(POP3Response.OK_RESPONSE, "Logging out.");
    static final Response NOT_ALL_REMOVED = endSession(POP3Response.ERR_RESPONSE,
            tagged(ResponseCode.SYS_TEMP, "Some deleted messages were not removed."));
    static final Response NO_SUCH_MESSAGE = err("No such message.");
    static final Response LINE_TOO_LONG = endSession(POP3Response.ERR_RESPONSE, "Line too long.");
    static final Response BARE_LINE_END = endSession(POP3Response.ERR_RESPONSE, "Lines must end with CRLF.");
    static final Response STLS_PIPELINED = endSession(POP3Response.ERR_RESPONSE, "Nothing may follow STLS before the TLS handshake.");
    static final Response WRONG_STATE = POP3Response.ERR;
    /** Dovecot's answer to too many sessions of one user from one address (mail_max_userip_connections). */
    static final Response TOO_MANY_USER_SESSIONS =
            err(ResponseCode.IN_USE, "Too many sessions for this user from this address.");
    static final Response SASL_UNSUPPORTED = err("Unsupported authentication mechanism.");
    static final Response SASL_MALFORMED = err("Malformed authentication response.");
    static final Response SASL_BAD_BASE64 = err("Invalid base64 data in the authentication response.");
    static final Response SASL_CANCELLED = err("Authentication cancelled.");

    private Replies() {
    }

    static Response ok(String text) {
        return new POP3Response(POP3Response.OK_RESPONSE, text).immutable();
    }

    static Response err(String text) {
        return new POP3Response(POP3Response.ERR_RESPONSE, text).immutable();
    }

    static Response err(ResponseCode code, String text) {
        return new POP3Response(POP3Response.ERR_RESPONSE, tagged(code, text)).immutable();
    }

    /** Reject mode's refusal of a check too soon after the last (RFC 2449 §8.1.1). */
    static Response loginDelay(Duration desired) {
        return err(ResponseCode.LOGIN_DELAY, "Checking mail too often; please wait "
                + (desired.toSeconds() >= 120 ? desired.toMinutes() + " minutes" : desired.toSeconds() + " seconds")
                + " between checks.");
    }

    private static String tagged(ResponseCode code, String text) {
        return "[" + code.text() + "] " + text;
    }

    /**
     * The central server's own {@code -ERR} line, passed on unchanged: its {@code [IN-USE]},
     * {@code [LOGIN-DELAY]} and {@code [SYS/...]} codes mean the same to the client.
     */
    static Response verbatim(String statusLine) {
        int space = statusLine.indexOf(' ');
        return space < 0
                ? new POP3Response(statusLine)
                : new POP3Response(statusLine.substring(0, space), statusLine.substring(space + 1));
    }

    private static Response endSession(String code, String text) {
        POP3Response response = new POP3Response(code, text);
        response.setEndSession(true);
        return response.immutable();
    }
}
