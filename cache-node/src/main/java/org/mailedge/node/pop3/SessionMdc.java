package org.mailedge.node.pop3;

import io.netty.channel.ChannelHandlerContext;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;
import org.apache.james.util.MDCBuilder;

/**
 * The SLF4J MDC of a POP3 session: {@code client} (the client's address), {@code session}
 * (James' session id) and, once USER has named one, {@code user}. Never a password.
 *
 * <p>{@code client} is the session's remote address: the subscriber's as a trusted PROXY
 * header names it, else the peer's, as in the session log line.
 *
 * <p>The MDC is bound to a thread, and a session's work runs on several. Where it is set:
 * <ul>
 *   <li>on the session's event loop while James' core handler runs each command's dispatch,
 *       the disconnect (the {@code mailedge.session} line) and errors: James sets it from
 *       this factory around each of those (not around the greeting, before the session's
 *       address is final);</li>
 *   <li>on the event loop where {@link CommandSerializer} writes a deferred reply
 *       ({@link #around(ProtocolSession)});</li>
 *   <li>on the central-io worker threads, for tasks submitted while it was set (the
 *       node wraps that pool in {@link org.mailedge.node.metrics.MdcExecutor}).</li>
 * </ul>
 * It is not set for lines Netty logs outside a handler, nor on the prefetch, notification,
 * delete-retry and admin threads, which serve no POP3 session.
 *
 * <p>Unlike James' standard factory it never asks for the client's host name: that is a
 * reverse DNS lookup on the event loop for each connection.
 */
final class SessionMdc implements ProtocolMDCContextFactory {

    static final String CLIENT = "client";
    static final String SESSION = "session";
    static final String USER = "user";

    /** Nothing at connect: the client's address is the session's, which a PROXY header may set later. */
    @Override
    public MDCBuilder onBound(Protocol protocol, ChannelHandlerContext ctx) {
        return MDCBuilder.create();
    }

    @Override
    public MDCBuilder withContext(ProtocolSession session) {
        return MDCBuilder.create()
                .addToContext(CLIENT, address(session.getRemoteAddress()))
                .addToContext(SESSION, session.getSessionID())
                .addToContextIfPresent(USER, Optional.ofNullable(session.getUsername()).map(Username::asString));
    }

    /** Sets the session's MDC on this thread until the returned handle is closed. */
    static Closeable around(ProtocolSession session) {
        return new SessionMdc().withContext(session).build();
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(address);
    }
}
