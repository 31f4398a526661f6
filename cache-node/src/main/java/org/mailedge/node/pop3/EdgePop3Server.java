package org.mailedge.node.pop3;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProxyInformation;
import org.apache.james.protocols.netty.AbstractAsyncServer;
import org.apache.james.protocols.netty.AbstractSSLAwareChannelPipelineFactory;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.HandlerConstants;
import org.mailedge.node.proxy.ClientEndpoints;
import org.mailedge.node.proxy.ConnectionAdmission;
import org.mailedge.node.metrics.EdgeCounters;

/**
 * The edge's POP3 listener: James' server base with the edge's own pipeline. James'
 * {@code NettyServer} has a fixed pipeline and leaks its framer threads on unbind, so the
 * edge assembles its own: a strict CRLF framer with the RFC 2449 line cap, the
 * {@link CommandSerializer} that lets replies wait for upstream I/O off the event loop, the
 * session timer, a byte counter for the session log, a connection counter for the metrics,
 * {@link SessionMdc} for the log context, and in front the connection's admission (PROXY
 * header, connection limits), whose proxied address the session takes. Every handler runs on the
 * channel's event loop; nothing in the pipeline blocks.
 *
 * <p>With an {@link Encryption}, James' base puts the {@code SslHandler} at the front of the
 * pipeline: at once for implicit TLS (POP3S), or after STLS's {@code +OK} is flushed, from
 * the transport, for STARTTLS. Either way the framer and everything after it see clear text.
 */
final class EdgePop3Server extends AbstractAsyncServer {

    private final Protocol protocol;
    private final int maxLineLength;
    private final Duration idleBeforeLogin;
    private final Duration idleAfterLogin;
    private final ConnectionAdmission admission;
    private final SessionCloser closer;
    private EdgeCounters counters = new EdgeCounters();
    private final Encryption encryption;

    /** @param encryption implicit TLS, STARTTLS, or null for neither */
    EdgePop3Server(Protocol protocol, Encryption encryption, SessionCloser closer, int maxLineLength, Duration idleBeforeLogin,
                   Duration idleAfterLogin, ConnectionAdmission admission) {
        this.protocol = protocol;
        this.encryption = encryption;
        this.closer = closer;
        this.maxLineLength = maxLineLength;
        this.idleBeforeLogin = idleBeforeLogin;
        this.idleAfterLogin = idleAfterLogin;
        this.admission = admission;
        this.jmxName = "pop3";
    }

    /** Where the open-connection gauge is kept; set before {@code bind()}. */
    void countConnections(EdgeCounters counters) {
        this.counters = counters;
    }

    @Override
    protected ChannelInitializer<SocketChannel> createPipelineFactory() {
        EdgeCounters counters = this.counters;
        // a null executor group runs the framer on the channel's own event loop; the connection
        // limits are the admission's, which counts the proxied address (James' count the peer's)
        return new AbstractSSLAwareChannelPipelineFactory<>(0, 0, 0, false,
                () -> encryption, pipeline -> new StrictLineFramer(maxLineLength, encryption != null && encryption.isStartTLS()), null) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return new BasicChannelInboundHandler(new SessionMdc(), protocol, encryption, false) {
                    @Override
                    protected ProtocolSession createSession(ChannelHandlerContext ctx) {
                        ProtocolSession session = super.createSession(ctx);
                        ClientEndpoints.of(ctx.channel()).ifPresent(client ->
                                session.setProxyInformation(new ProxyInformation(client.source(), client.destination())));
                        return session;
                    }
                };
            }

            @Override
            public void initChannel(SocketChannel channel) throws Exception {
                super.initChannel(channel);
                channel.pipeline().replace(HandlerConstants.TIMEOUT_HANDLER, HandlerConstants.TIMEOUT_HANDLER,
                        new IdleTimeout(idleBeforeLogin, idleAfterLogin));
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, CommandSerializer.NAME, new CommandSerializer(closer));
                channel.pipeline().addBefore(HandlerConstants.CHUNK_HANDLER, ByteCounter.NAME, new ByteCounter());
                admission.install(channel);
                // at the very head, so that every accepted socket is counted once each way,
                // whatever the admission's handlers (PROXY header, limits) do with it
                channel.pipeline().addFirst(ConnectionCounter.NAME, new ConnectionCounter(counters));
            }
        };
    }
}
