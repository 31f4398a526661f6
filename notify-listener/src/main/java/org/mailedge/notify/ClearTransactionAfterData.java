package org.mailedge.notify;

import java.io.IOException;

import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandException;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.Session;

/**
 * Wraps DATA so that a refused message ends its transaction. RFC 5321 section 4.1.1.4: the end
 * of data consumes the reverse-path, forward-path and mail data buffers, whatever the reply.
 * The library clears them only after a 250; after a 5xx or 4xx the old recipients would stay
 * and a second DATA on the same connection would reach them.
 */
final class ClearTransactionAfterData implements Command {

    private final Command data;

    ClearTransactionAfterData(Command data) {
        this.data = data;
    }

    @Override
    public void execute(String commandString, Session session) throws IOException, DropConnectionException {
        data.execute(commandString, session);
        if (session.getMessageHandler() instanceof NotificationTransaction transaction
                && transaction.dataReceived()) {
            session.resetMailTransaction();
        }
    }

    @Override
    public HelpMessage getHelp() throws CommandException {
        return data.getHelp();
    }

    @Override
    public String getName() {
        return data.getName();
    }
}
