package org.mailedge.notify;

import java.net.InetAddress;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Refuses, at connect, every client outside the allowed networks, then applies the concurrent
 * sessions limit to the rest. A refused client gets {@code 554} in place of the greeting and
 * the library closes the connection at once.
 *
 * <p>RFC 5321 section 3.1 says a server that opens with 554 MUST still wait for QUIT and SHOULD
 * answer other commands with 503; SubEthaSMTP 7.2.2 offers no way to do that from a
 * {@link SessionHandler}. Closing is kept on purpose: an outsider gets no command parser at all,
 * and the client has the 554 before the close.
 */
final class AllowedNetworks implements SessionHandler {

    private static final Logger log = LoggerFactory.getLogger(AllowedNetworks.class);

    private final List<NetworkRange> allowed;
    private final NotifyCounters counters;
    private final SessionHandler concurrentSessionsLimit;

    AllowedNetworks(List<NetworkRange> allowed, NotifyCounters counters, SessionHandler concurrentSessionsLimit) {
        this.allowed = List.copyOf(allowed);
        this.counters = counters;
        this.concurrentSessionsLimit = concurrentSessionsLimit;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        // The real socket peer: the library runs without a proxy handler, and nothing the client
        // sends can change this address.
        InetAddress client = session.getRealRemoteAddress().getAddress();
        if (allowed.stream().noneMatch(range -> range.contains(client))) {
            counters.notAllowed();
            log.info("notification connection from {} refused: not in the allowed networks", client.getHostAddress());
            return SessionAcceptance.failure(Reply.NOT_ALLOWED.code(), Reply.NOT_ALLOWED.text(client.getHostAddress()));
        }
        SessionAcceptance acceptance = concurrentSessionsLimit.accept(session);
        if (!acceptance.accepted()) {
            log.info("notification connection from {} refused: {}", client.getHostAddress(), acceptance.errorMessage());
        }
        return acceptance;
    }

    @Override
    public void onSessionEnd(Session session) {
        // Only called for accepted sessions, which the limiter counted.
        concurrentSessionsLimit.onSessionEnd(session);
    }
}
