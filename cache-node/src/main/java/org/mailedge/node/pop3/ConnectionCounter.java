package org.mailedge.node.pop3;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.mailedge.node.metrics.EdgeCounters;

/**
 * Counts accepted POP3 connections and the ones open now, first in the pipeline so that a
 * connection the max-connections limits close at once is counted as well: every open socket
 * holds a file descriptor, which is what the gauge is for.
 */
@ChannelHandler.Sharable
final class ConnectionCounter extends ChannelInboundHandlerAdapter {

    static final String NAME = "connectionCounter";

    private final EdgeCounters counters;

    ConnectionCounter(EdgeCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        counters.connectionsOpened.increment();
        counters.connectionsOpen.increment();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        counters.connectionsOpen.decrement();
        super.channelInactive(ctx);
    }
}
