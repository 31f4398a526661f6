package org.mailedge.node.pop3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * CAPA (RFC 2449 §5). The list is the same before and after login: a client may decide on
 * UIDL and TOP before it logs in. {@code LOGIN-DELAY} (§6.5) tells clients that honour it
 * the attenuation interval, so a well-behaved client need not poll faster than checks go
 * through. On the plain listener with a certificate, CAPA before TLS differs
 * ({@link TlsOffer}): it adds STLS and, when TLS is required, leaves out USER and SASL.
 */
final class CapaCmd implements CommandHandler<POP3Session> {

    private final Response capabilities;
    private final Response beforeTls;

    /**
     * @param loginDelaySeconds the time rule's interval, or empty when no time rule applies
     * @param tls               what the plain listener offers before TLS
     */
    CapaCmd(Optional<Long> loginDelaySeconds, String implementation, TlsOffer tls) {
        List<String> caps = new ArrayList<>(List.of("TOP", "UIDL", "USER", AuthCmd.CAPABILITY, "PIPELINING", "RESP-CODES", "AUTH-RESP-CODE"));
        loginDelaySeconds.ifPresent(seconds -> caps.add("LOGIN-DELAY " + seconds));
        caps.add("IMPLEMENTATION " + implementation);
        this.capabilities = render(caps);
        this.beforeTls = render(tls.beforeTls(caps));
    }

    private static Response render(List<String> caps) {
        POP3Response response = new POP3Response(POP3Response.OK_RESPONSE, "Capability list follows");
        caps.forEach(response::appendLine);
        response.appendLine(".");
        return response.immutable();
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        return session.isStartTLSSupported() && !session.isTLSStarted() ? beforeTls : capabilities;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("CAPA");
    }
}
