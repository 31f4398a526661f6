package org.mailedge.node.pop3;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * The session timer. Before login a short limit keeps idle connections from piling up;
 * after login RFC 1939 §3 asks for at least 10 minutes. When it fires the connection is
 * closed with no reply and without entering UPDATE, so nothing is deleted, and the
 * disconnect handler releases the mailbox lock. (Replaces James 3.8.1's TimeoutHandler,
 * which fires only at twice its setting.)
 */
final class IdleTimeout extends ChannelInboundHandlerAdapter {

    private final long beforeLoginNanos;
    private final long afterLoginNanos;
    private final LongSupplier nanoTime;
    private long lastReadNanos;
    private ScheduledFuture<?> check;

    IdleTimeout(Duration beforeLogin, Duration afterLogin) {
        this(beforeLogin, afterLogin, System::nanoTime);
    }

    /** @param nanoTime the time source of the idle measure; a test's, with the channel's timer on virtual time */
    IdleTimeout(Duration beforeLogin, Duration afterLogin, LongSupplier nanoTime) {
        this.beforeLoginNanos = beforeLogin.toNanos();
        this.afterLoginNanos = afterLogin.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastReadNanos = nanoTime.getAsLong();
        schedule(ctx, beforeLoginNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastReadNanos = nanoTime.getAsLong();
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> expireOrReschedule(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expireOrReschedule(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long limit = loggedIn(ctx) ? afterLoginNanos : beforeLoginNanos;
        long idle = nanoTime.getAsLong() - lastReadNanos;
        if (idle >= limit) {
            ctx.close();
        } else {
            schedule(ctx, limit - idle);
        }
    }

    private static boolean loggedIn(ChannelHandlerContext ctx) {
        ProtocolSession session = (ProtocolSession) ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
        return session instanceof POP3Session pop3 && pop3.getHandlerState() == POP3Session.TRANSACTION;
    }
}
