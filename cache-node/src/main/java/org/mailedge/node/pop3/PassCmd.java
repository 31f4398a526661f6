package org.mailedge.node.pop3;

import java.util.Collection;
import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * PASS (RFC 1939 §7), after USER: hands the name and password to the {@link Login} step
 * that AUTH shares, so both ways of logging in are judged, penalised and locked alike.
 */
final class PassCmd implements CommandHandler<POP3Session> {

    private final Login login;

    PassCmd(Login login) {
        this.login = login;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() != POP3Session.AUTHENTICATION_USERSET) {
            return Replies.WRONG_STATE;
        }
        String password = request.getArgument() == null ? "" : request.getArgument();
        return login.attempt(session, session.getUsername().asString(), password);
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("PASS");
    }
}
