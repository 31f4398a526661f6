package org.mailedge.node.pop3;

import java.util.List;
import java.util.Optional;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/**
 * Resolves a message number to a listed, undeleted message. Checks the lower bound itself:
 * James 3.8.1 answers {@code RETR 0} with an IndexOutOfBoundsException logged at ERROR.
 */
final class MessageNumber {

    private MessageNumber() {
    }

    static Optional<MessageMetaData> resolve(POP3Session session, int number) {
        List<MessageMetaData> listing = session.getAttachment(POP3Session.UID_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of());
        if (number < 1 || number > listing.size()) {
            return Optional.empty();
        }
        MessageMetaData message = listing.get(number - 1);
        List<String> deleted = session.getAttachment(POP3Session.DELETED_UID_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of());
        return deleted.contains(message.getUid()) ? Optional.empty() : Optional.of(message);
    }
}
