package org.mailedge.node.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;

/** Counts bytes written to the client, after chunking and before TLS, for the session summary. */
final class ByteCounter extends ChannelOutboundHandlerAdapter {

    static final String NAME = "byteCounter";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf buf) {
            ProtocolSession session = (ProtocolSession) ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
            if (session != null) {
                SessionSummary.of(session).addBytesOut(buf.readableBytes());
            }
        }
        super.write(ctx, msg, promise);
    }
}
