package org.mailedge.node.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.mailedge.node.sasl.LoginMechanism;
import org.mailedge.node.sasl.PlainMechanism;
import org.mailedge.node.sasl.SaslMechanism;
import org.mailedge.node.sasl.SaslStep;

/**
 * AUTH (RFC 5034): SASL PLAIN and LOGIN, with an initial response or without. The
 * mechanism only extracts the name and password; the login itself is the {@link Login} step
 * PASS uses, so attenuation, the password check at the central server, the login penalty,
 * [IN-USE], [LOGIN-DELAY] and delay mode are the same whichever way a client logs in.
 *
 * <p>Continuation lines go through the session's framer like commands, so they too are at
 * most {@code pop3.max-line-length} octets (RFC 5034 §4 allows longer ones; PLAIN with a
 * 255-octet line carries names and passwords of well over 150 octets together). A
 * continuation of {@code *} cancels the exchange (§4); a response that is not base64 ends it
 * with {@code -ERR}.
 */
final class AuthCmd implements CommandHandler<POP3Session> {

    /** The mechanisms offered, in CAPA order. */
    private static final Map<String, SaslMechanism> MECHANISMS = mechanisms(new PlainMechanism(), new LoginMechanism());

    /** CAPA's SASL line (RFC 5034 §3). */
    static final String CAPABILITY = "SASL " + String.join(" ", MECHANISMS.keySet());

    private final Login login;

    AuthCmd(Login login) {
        this.login = login;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        int state = session.getHandlerState();
        if (state != POP3Session.AUTHENTICATION_READY && state != POP3Session.AUTHENTICATION_USERSET) {
            return Replies.WRONG_STATE;
        }
        String argument = request.getArgument() == null ? "" : request.getArgument().trim();
        if (argument.isEmpty()) {
            return MECHANISM_LIST;
        }
        String[] parts = argument.split(" ", -1);
        SaslMechanism mechanism = MECHANISMS.get(parts[0].toUpperCase(Locale.ROOT));
        if (mechanism == null) {
            return Replies.SASL_UNSUPPORTED;
        }
        if (parts.length > 2) {
            return Replies.SASL_MALFORMED;
        }
        SaslMechanism.Exchange exchange = mechanism.start();
        if (parts.length == 1) {
            return step(session, exchange, null);
        }
        // RFC 5034 §4: "=" is an initial response of zero length
        return respond(session, exchange, parts[1].equals("=") ? "" : parts[1]);
    }

    /** One base64 response from the client, on the AUTH line or a continuation line. */
    private Response respond(POP3Session session, SaslMechanism.Exchange exchange, String base64) {
        if (base64.equals("*")) {
            return Replies.SASL_CANCELLED;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Replies.SASL_BAD_BASE64;
        }
        return step(session, exchange, decoded);
    }

    private Response step(POP3Session session, SaslMechanism.Exchange exchange, byte[] response) {
        SaslStep next = exchange.next(response);
        if (next instanceof SaslStep.Challenge challenge) {
            session.pushLineHandler(new Continuation(exchange));
            return new POP3Response("+", challenge.base64());
        }
        if (next instanceof SaslStep.Credentials credentials) {
            return logIn(session, credentials.user(), credentials.password());
        }
        return Replies.err(((SaslStep.Malformed) next).reason() + ".");
    }

    private Response logIn(POP3Session session, String user, String password) {
        if (user.isEmpty() || !sendable(user) || !sendable(password)) {
            // CR or LF would inject commands into the central session's USER/PASS
            return Replies.SASL_MALFORMED;
        }
        try {
            session.setUsername(Username.of(user));
        } catch (IllegalArgumentException e) {
            return Replies.SASL_MALFORMED;
        }
        return login.attempt(session, user, password);
    }

    private static boolean sendable(String text) {
        return text.chars().noneMatch(c -> c == '\r' || c == '\n' || c == '\0');
    }

    /** The client's next response, on a line of its own. */
    private final class Continuation implements LineHandler<POP3Session> {

        private final SaslMechanism.Exchange exchange;

        Continuation(SaslMechanism.Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public Response onLine(POP3Session session, byte[] line) {
            session.popLineHandler();
            String text = new String(line, StandardCharsets.US_ASCII);
            // the framer passes only lines that end in CRLF
            return respond(session, exchange, text.substring(0, text.length() - 2).trim());
        }
    }

    /**
     * AUTH without a mechanism: the list, as RFC 1734 had it; RFC 5034 leaves the command
     * undefined, and older clients (Outlook) still send it to choose a mechanism.
     */
    private static final Response MECHANISM_LIST = mechanismList();

    private static Response mechanismList() {
        POP3Response response = new POP3Response(POP3Response.OK_RESPONSE, "SASL mechanisms follow");
        MECHANISMS.keySet().forEach(response::appendLine);
        response.appendLine(".");
        return response.immutable();
    }

    private static Map<String, SaslMechanism> mechanisms(SaslMechanism... offered) {
        Map<String, SaslMechanism> byName = new LinkedHashMap<>();
        List.of(offered).forEach(m -> byName.put(m.name(), m));
        return byName;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("AUTH");
    }
}
