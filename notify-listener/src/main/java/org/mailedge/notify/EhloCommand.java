package org.mailedge.notify;

import java.io.IOException;

import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO that advertises only what the listener honours. It replaces the library's EHLO, which
 * always advertises CHUNKING (BDAT) and SMTPUTF8 and cannot be told not to: BDAT is refused
 * here ({@link BdatRefusedCommand}) and user names are US-ASCII, so neither is offered.
 * Otherwise it behaves as the library's: it resets the transaction and records the HELO name.
 */
final class EhloCommand extends BaseCommand {

    private final String hostName;
    private final int maxMessageBytes;

    EhloCommand(String hostName, int maxMessageBytes) {
        super("EHLO", "Introduce yourself.", "<hostname>");
        this.hostName = hostName;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void execute(String commandString, Session session) throws IOException {
        String[] arguments = getArgs(commandString);
        if (arguments.length < 2) {
            session.sendResponse(Reply.EHLO_SYNTAX.line());
            return;
        }
        session.resetMailTransaction();
        session.setHelo(arguments[1]);
        session.sendResponse(String.join("\r\n",
                "250-" + hostName,
                "250-8BITMIME",
                // RFC 1870: the fixed maximum message size, in octets.
                "250-SIZE " + maxMessageBytes,
                "250 Ok"));
    }
}
