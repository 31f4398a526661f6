package org.mailedge.node.testing;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The central server's own view of a maildrop, read over POP3 straight from it (no edge):
 * the UIDL listing and each message exactly as its RETR puts it on the wire. The sessions
 * end without QUIT, so reading the truth changes nothing at the central server.
 */
public final class CentralTruth {

    private CentralTruth() {
    }

    /** UIDL, in message-number order. */
    public static List<String> uids(int pop3Port, String user, String password) throws IOException {
        try (Pop3Wire pop = Pop3Wire.connectBuffered(pop3Port)) {
            pop.login(user, password);
            return List.copyOf(uidl(pop).values());
        }
    }

    /** Every message by UID, as RETR carries it (dot-stuffed wire lines with CRLF, without the final "."). */
    public static Map<String, byte[]> messages(int pop3Port, String user, String password) throws IOException {
        try (Pop3Wire pop = Pop3Wire.connectBuffered(pop3Port)) {
            pop.login(user, password);
            Map<Integer, String> listing = uidl(pop);
            // pipelined (RFC 2449 §6.6): one RETR at a time costs a delayed ACK (~40 ms) per message
            StringBuilder commands = new StringBuilder();
            listing.keySet().forEach(n -> commands.append("RETR ").append(n).append("\r\n"));
            pop.raw(commands.toString());
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Map.Entry<Integer, String> listed : listing.entrySet()) {
                String reply = pop.line();
                if (!reply.startsWith("+OK")) {
                    throw new IOException("central RETR " + listed.getKey() + " of " + user + ": " + reply);
                }
                out.put(listed.getValue(), pop.rawBody());
            }
            return out;
        }
    }

    /**
     * Sends UIDL in a logged-in session; returns UID by message number, in order. The numbers
     * may have gaps: a server lists no message marked deleted (RFC 1939 §7).
     */
    public static Map<Integer, String> uidl(Pop3Wire pop) throws IOException {
        String reply = pop.ask("UIDL");
        if (!reply.startsWith("+OK")) {
            throw new IOException("UIDL: " + reply);
        }
        Map<Integer, String> uids = new LinkedHashMap<>();
        for (String line : pop.body()) {
            String[] parts = line.split(" ");
            if (parts.length != 2 || uids.put(Integer.parseInt(parts[0]), parts[1]) != null) {
                throw new IOException("unexpected UIDL line '" + line + "'");
            }
        }
        return uids;
    }
}
