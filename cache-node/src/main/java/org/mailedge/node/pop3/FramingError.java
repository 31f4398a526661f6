package org.mailedge.node.pop3;

import org.apache.james.protocols.api.Response;

/**
 * A line the framer refused. It travels down the pipeline in order with the good lines, so
 * its {@code -ERR} is written after the replies to the commands before it, and then the
 * connection closes.
 */
enum FramingError {
    /** RFC 2449 §4: a command line is at most 255 octets with CRLF (configurable). */
    LINE_TOO_LONG(Replies.LINE_TOO_LONG),
    /** A bare CR or LF: never read as a line end (the SMTP-smuggling class, applied to POP3). */
    BARE_LINE_END(Replies.BARE_LINE_END),
    /** RFC 2595 §4: nothing may follow STLS before the handshake (CVE-2011-0411 class). */
    STLS_PIPELINED(Replies.STLS_PIPELINED);

    private final Response reply;

    FramingError(Response reply) {
        this.reply = reply;
    }

    Response reply() {
        return reply;
    }
}
