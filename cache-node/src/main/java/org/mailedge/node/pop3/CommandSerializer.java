package org.mailedge.node.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.pop3.POP3Session;
import org.mailedge.sync.CentralUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one command at a time in flight per session, so that a {@link Deferred} reply
 * never lets a pipelined later command overtake it (RFC 2449 §6.6: "MUST process each
 * command in turn"). Sits between the framer and James' core handler, on the channel's
 * event loop: while a reply is deferred, framed lines wait here; when it is written, the
 * waiting lines are handed on one by one.
 *
 * <p>When too many lines wait, reading stops (backpressure) until the queue drains.
 */
final class CommandSerializer extends ChannelInboundHandlerAdapter {

    static final String NAME = "commandSerializer";

    /** Beyond this many waiting commands the socket is no longer read. */
    private static final int MAX_WAITING = 64;

    private static final Logger LOG = LoggerFactory.getLogger(CommandSerializer.class);

    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final SessionCloser closer;
    private boolean busy;

    CommandSerializer(SessionCloser closer) {
        this.closer = closer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (busy) {
            waiting.add(msg);
            if (waiting.size() >= MAX_WAITING) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        ProtocolSession session = session(ctx);
        if (msg instanceof FramingError error) {
            SessionSummary.of(session).result(error.name().toLowerCase(java.util.Locale.ROOT));
            write(session, error.reply());
            return;
        }
        if (msg instanceof ByteBuf line && stlsOffered(session) && StlsCmd.isStls(line) && stlsHasFollowers(ctx)) {
            // RFC 2595 §4: lines or bytes that came after STLS would be answered inside TLS
            ReferenceCountUtil.release(msg);
            dispatch(ctx, FramingError.STLS_PIPELINED);
            return;
        }
        SessionSummary.of(session).countCommand();
        ctx.fireChannelRead(msg);
        Optional<Deferred> deferred = session == null
                ? Optional.empty()
                : session.removeAttachment(Deferred.KEY, ProtocolSession.State.Connection);
        if (deferred.isPresent()) {
            await(ctx, session, deferred.get());
        }
    }

    private static boolean stlsOffered(ProtocolSession session) {
        return session != null && session.isStartTLSSupported() && !session.isTLSStarted();
    }

    /** Whether anything the client sent after an STLS line is waiting here or in the framer. */
    private boolean stlsHasFollowers(ChannelHandlerContext ctx) {
        StrictLineFramer framer = (StrictLineFramer) ctx.pipeline().get(HandlerConstants.FRAMER);
        return !waiting.isEmpty() || (framer != null && framer.holdsBytes());
    }

    private void await(ChannelHandlerContext ctx, ProtocolSession session, Deferred deferred) {
        busy = true;
        deferred.reply().whenComplete((reply, failure) ->
                ctx.executor().execute(() -> complete(ctx, session, reply, failure)));
    }

    private void complete(ChannelHandlerContext ctx, ProtocolSession session, Supplier<Response> reply, Throwable failure) {
        try (Closeable mdc = SessionMdc.around(session)) {
            completeWithMdc(ctx, session, reply, failure);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void completeWithMdc(ChannelHandlerContext ctx, ProtocolSession session, Supplier<Response> reply, Throwable failure) {
        Response response;
        try {
            if (failure != null) {
                throw failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            }
            response = reply.get();
        } catch (CentralUnavailableException e) {
            LOG.warn("central server unavailable: {}", e.getMessage());
            response = Replies.CENTRAL_UNAVAILABLE;
        } catch (Throwable t) {
            LOG.warn("deferred reply failed", t);
            response = Replies.CENTRAL_UNAVAILABLE;
        }
        busy = false;
        if (!ctx.channel().isActive()) {
            // the client left while the reply was pending: undo what the reply set up
            closer.release((POP3Session) session);
            return;
        }
        Optional<Deferred> again = session.removeAttachment(Deferred.KEY, ProtocolSession.State.Connection);
        if (again.isPresent()) {
            // the reply comes with a wait of its own (delay mode): the session stays busy
            await(ctx, session, again.get());
            return;
        }
        write(session, response);
        while (!busy && !waiting.isEmpty()) {
            dispatch(ctx, waiting.poll());
        }
        if (waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static void write(ProtocolSession session, Response response) {
        ((ProtocolSessionImpl) session).getProtocolTransport().writeResponse(response, session);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    private static ProtocolSession session(ChannelHandlerContext ctx) {
        return (ProtocolSession) ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
    }
}
