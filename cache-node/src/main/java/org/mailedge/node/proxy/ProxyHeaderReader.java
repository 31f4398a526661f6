package org.mailedge.node.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind Netty's {@code HAProxyMessageDecoder}, for a peer in the trusted networks: holds
 * the connection back from the POP3 session (no greeting, no limit counted) until the PROXY
 * header has arrived, records the addresses it names, then lets the connection through and
 * leaves the pipeline. No header in time, or bytes that are not one, close the connection.
 *
 * <p>A v2 {@code LOCAL} header (the balancer's own health check) and a v1 {@code UNKNOWN}
 * one carry no client: the connection keeps the peer's address (as the specification asks).
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderReader.class);

    private final long timeoutNanos;
    private ScheduledFuture<?> timeout;
    private boolean passedOn;

    ProxyHeaderReader(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            LOG.debug("no PROXY header from {} in time", ctx.channel().remoteAddress());
            ctx.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // the decoder passes nothing else before it has a header; drop it and close
            io.netty.util.ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        try {
            if (header.command() == HAProxyCommand.PROXY && (header.proxiedProtocol() == HAProxyProxiedProtocol.TCP4
                    || header.proxiedProtocol() == HAProxyProxiedProtocol.TCP6)) {
                ClientEndpoints.set(ctx.channel(), new ClientEndpoints(
                        new InetSocketAddress(header.sourceAddress(), header.sourcePort()),
                        new InetSocketAddress(header.destinationAddress(), header.destinationPort())));
            }
        } finally {
            header.release();
        }
        timeout.cancel(false);
        passedOn = true;
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!passedOn && cause instanceof HAProxyProtocolException) {
            LOG.debug("bad PROXY header from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (passedOn) {
            ctx.fireChannelInactive();
        }
        // otherwise the POP3 session never began, so there is nothing behind to tell
    }
}
