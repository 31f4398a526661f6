package org.mailedge.node.limits;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.mailedge.node.proxy.ClientEndpoints;

/**
 * The global and per-address connection limits, one instance per connection. A connection
 * over a limit gets {@code -ERR [SYS/TEMP]} instead of the greeting (RFC 3206: try again
 * later; James 3.8.1's own limit handlers close silently, which clients report as a network
 * error) and is closed; the POP3 session behind never sees it.
 */
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    public static final String NAME = "connectionLimiter";

    private static final byte[] REFUSAL =
            "-ERR [SYS/TEMP] Too many connections, try again later.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionCounts counts;
    private String admitted;
    private boolean refused;

    public ConnectionLimiter(ConnectionCounts counts) {
        this.counts = counts;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String address = ClientEndpoints.sourceOf(ctx.channel()).getAddress().getHostAddress();
        if (counts.tryAdmit(address)) {
            admitted = address;
            ctx.fireChannelActive();
        } else {
            refused = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted != null) {
            counts.release(admitted);
            ctx.fireChannelInactive();
        }
    }
}
