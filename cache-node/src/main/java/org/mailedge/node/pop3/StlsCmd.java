package org.mailedge.node.pop3;

import io.netty.buffer.ByteBuf;
import java.util.Collection;
import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.POP3StartTlsResponse;

/**
 * STLS (RFC 2595 §4): "only permitted in AUTHORIZATION state", before or after USER, and
 * refused once TLS is active. Its {@code +OK} is a start-TLS response: James' transport
 * writes it and then puts the {@code SslHandler} at the front of the pipeline, on the event
 * loop, and forgets the session's state (a USER given before TLS must not count after it,
 * RFC 3207 §4.2 by analogy). Bytes the client pipelined after STLS are refused before this
 * runs ({@link StrictLineFramer}, {@link CommandSerializer}): they would otherwise be
 * answered inside TLS (CVE-2011-0411 class).
 */
final class StlsCmd implements CommandHandler<POP3Session> {

    private static final Response BEGIN_TLS =
            new POP3StartTlsResponse(POP3Response.OK_RESPONSE, "Begin TLS negotiation.").immutable();
    private static final Response NOT_OFFERED = Replies.err("STLS is not offered on this connection.");
    private static final Response AFTER_LOGIN = Replies.err("STLS is only allowed before login.");
    private static final Response WITH_ARGUMENT = Replies.err("STLS takes no argument.");

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (!session.isStartTLSSupported() || session.isTLSStarted()) {
            return NOT_OFFERED;
        }
        if (session.getHandlerState() == POP3Session.TRANSACTION) {
            return AFTER_LOGIN;
        }
        if (request.getArgument() != null && !request.getArgument().isEmpty()) {
            return WITH_ARGUMENT;
        }
        return BEGIN_TLS;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("STLS");
    }

    /** Whether a framed line (with its CRLF) is an STLS command, with or without arguments. */
    static boolean isStls(ByteBuf line) {
        int start = line.readerIndex();
        int length = line.readableBytes() - 2;
        if (length < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (Character.toUpperCase((char) line.getByte(start + i)) != "STLS".charAt(i)) {
                return false;
            }
        }
        return length == 4 || line.getByte(start + 4) == ' ';
    }
}
