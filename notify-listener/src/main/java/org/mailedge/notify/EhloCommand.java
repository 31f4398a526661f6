package org.mailedge.notify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO that advertises only what the listener honours. It replaces the library's EHLO, which
 * always advertises CHUNKING (BDAT) and SMTPUTF8 and cannot be told not to: BDAT is refused
 * here ({@link BdatRefusedCommand}) and user names are US-ASCII, so neither is offered.
 * Otherwise it behaves as the library's: it resets the transaction and records the HELO name.
 * STARTTLS is offered until TLS is on; AUTH is offered under TLS, or before it when TLS is
 * not required (RFC 4954 §4: a server should not offer plain-text mechanisms in clear).
 */
final class EhloCommand extends BaseCommand {

    private final String hostName;
    private final int maxMessageBytes;
    private final NotifySecurity security;

    EhloCommand(String hostName, int maxMessageBytes, NotifySecurity security) {
        super("EHLO", "Introduce yourself.", "<hostname>");
        this.hostName = hostName;
        this.maxMessageBytes = maxMessageBytes;
        this.security = security;
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
        List<String> lines = new ArrayList<>(List.of(
                "250-" + hostName,
                "250-8BITMIME",
                // RFC 1870: the fixed maximum message size, in octets.
                "250-SIZE " + maxMessageBytes));
        if (security.startTls().isPresent() && !session.isTLSStarted()) {
            lines.add("250-STARTTLS");
        }
        if (security.users().isPresent() && (session.isTLSStarted() || !security.requireTls())) {
            lines.add("250-AUTH PLAIN LOGIN");
        }
        lines.add("250 Ok");
        session.sendResponse(String.join("\r\n", lines));
    }
}
