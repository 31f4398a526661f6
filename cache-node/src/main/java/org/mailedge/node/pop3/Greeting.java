package org.mailedge.node.pop3;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * The greeting, sent at once without contacting the central server. It carries no
 * {@code <timestamp@host>}: the edge offers no APOP (CVE-2007-1558 class; APOP also cannot
 * be relayed, since the central server's greeting has another timestamp).
 */
final class Greeting implements ConnectHandler<POP3Session> {

    private final Response greeting;

    Greeting(String hostName) {
        this.greeting = Replies.ok(hostName + " POP3 ready.");
    }

    @Override
    public Response onConnect(POP3Session session) {
        return greeting;
    }
}
