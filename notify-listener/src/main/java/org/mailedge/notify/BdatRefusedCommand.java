package org.mailedge.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * Replaces the library's BDAT (RFC 3030 CHUNKING), which cannot be switched off and whose chunks
 * would reach the message handler by a second path. A client sending BDAT although CHUNKING is
 * not advertised gets {@code 502} and the connection is closed: the chunk bytes it is about to
 * send must not be read as commands.
 */
final class BdatRefusedCommand extends BaseCommand {

    private static final Logger log = LoggerFactory.getLogger(BdatRefusedCommand.class);

    BdatRefusedCommand() {
        super("BDAT", "Not offered here; use DATA.");
    }

    @Override
    public void execute(String commandString, Session session) throws DropConnectionException {
        log.info("notification session={} source={}: BDAT refused, closing connection", session.getSessionId(),
                session.getRemoteAddress().getAddress().getHostAddress());
        throw Reply.BDAT_REFUSED.dropConnection();
    }
}
