package org.mailedge.node.pop3;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * QUIT. In AUTHORIZATION it just ends the session. In TRANSACTION it is the UPDATE state
 * (RFC 1939 §6): the seed's held QUIT. When the session touched the central server or
 * deleted anything, the edge carries out the deletes there, asks STAT and UIDL what
 * remains and records it, and only then lets the QUIT go and answers the client. An
 * attenuated session that only looked at its listing ends here with no central contact.
 * Deletes the central server cannot take go to the durable queue: the client is told they
 * are done, because the edge will never serve those messages again and retries them.
 */
final class QuitCmd implements CommandHandler<POP3Session> {

    private final SessionServices services;

    QuitCmd(SessionServices services) {
        this.services = services;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() != POP3Session.TRANSACTION) {
            SessionSummary.of(session).result("quit");
            return Replies.SIGN_OFF;
        }
        EdgeMailbox mailbox = (EdgeMailbox) session.getUserMailbox();
        List<String> deleted = List.copyOf(session.getAttachment(POP3Session.DELETED_UID_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of()));
        if (!mailbox.quitNeedsCentral(deleted)) {
            mailbox.endUnchanged();
            SessionSummary.of(session).result("quit");
            return Replies.SIGN_OFF;
        }
        return Deferred.run(session, services.centralIo(), () -> {
            boolean allRemoved = mailbox.commit(deleted);
            return () -> {
                SessionSummary.of(session).result(allRemoved ? "quit" : "quit-not-all-removed");
                return allRemoved ? Replies.SIGN_OFF : Replies.NOT_ALL_REMOVED;
            };
        });
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("QUIT");
    }
}
