package org.mailedge.node.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a peer outside the trusted networks: a connection whose first bytes begin a PROXY
 * header (v1 {@code "PROXY "} or the v2 signature) is closed, so no subscriber can claim
 * another address. Anything else passes, and this handler leaves the pipeline; it waits for
 * more bytes only while they still match a header's start, which no POP3 command does
 * beyond its first octet or two.
 */
final class ProxyHeaderRefusal extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderRefusal.class);

    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Match v1 = match(in, V1);
        Match v2 = match(in, V2);
        if (v1 == Match.WHOLE || v2 == Match.WHOLE) {
            LOG.info("PROXY header from untrusted peer {}: closing", ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
        } else if (v1 == Match.NO && v2 == Match.NO) {
            ctx.pipeline().remove(this); // hands the bytes on
        }
    }

    private enum Match { NO, SO_FAR, WHOLE }

    private static Match match(ByteBuf in, byte[] prefix) {
        int n = Math.min(in.readableBytes(), prefix.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return Match.NO;
            }
        }
        return n == prefix.length ? Match.WHOLE : Match.SO_FAR;
    }
}
