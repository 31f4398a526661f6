package org.mailedge.node.pop3;

import java.util.Collection;
import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * With {@code pop3.tls.require}, no password travels in clear text (RFC 8314 §3, RFC 2595
 * §2): USER, PASS and AUTH before TLS get {@code -ERR}. In the chain before the handlers
 * of those commands; once TLS is up it answers nothing and they run as usual. It guards only
 * commands another handler implements: James' dispatcher writes nothing when every handler
 * of a command returns null, so a guarded command without a handler would hang the client.
 */
final class CleartextLoginGuard implements CommandHandler<POP3Session> {

    private static final Response TLS_REQUIRED =
            Replies.err("Plain-text login is not allowed before TLS: use STLS or the POP3S port.");

    /** The login commands of the chain, any of USER, PASS, AUTH. */
    static final Set<String> LOGIN_COMMANDS = Set.of("USER", "PASS", "AUTH");

    private final Set<String> commands;

    CleartextLoginGuard(Set<String> commands) {
        this.commands = Set.copyOf(commands);
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        return session.isTLSStarted() ? null : TLS_REQUIRED;
    }

    @Override
    public Collection<String> getImplCommands() {
        return commands;
    }
}
