package org.mailedge.node.proxy;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetSocketAddress;
import org.apache.james.protocols.netty.HandlerConstants;
import org.mailedge.node.limits.ConnectionCounts;
import org.mailedge.node.limits.ConnectionLimiter;

/**
 * What a new POP3 connection passes before the session begins: the PROXY header (from a
 * trusted load balancer, required; from anyone else, refused), then the connection limits,
 * counted on the subscriber's address. Installed at the front of the pipeline, so a header
 * is read before TLS on an implicit-TLS port, as the PROXY protocol puts it on the wire.
 */
public final class ConnectionAdmission {

    private final ProxyProtocol proxy;
    private final ConnectionCounts counts;

    public ConnectionAdmission(ProxyProtocol proxy, ConnectionCounts counts) {
        this.proxy = proxy;
        this.counts = counts;
    }

    public void install(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(HandlerConstants.SSL_HANDLER) != null) {
            // implicit TLS: a refusal must be written through TLS, and the PROXY header precedes it
            pipeline.addAfter(HandlerConstants.SSL_HANDLER, ConnectionLimiter.NAME, new ConnectionLimiter(counts));
        } else {
            pipeline.addFirst(ConnectionLimiter.NAME, new ConnectionLimiter(counts));
        }
        if (!proxy.enabled()) {
            return;
        }
        InetSocketAddress peer = channel.remoteAddress();
        if (peer != null && proxy.trusts(peer.getAddress())) {
            pipeline.addFirst("proxyHeaderReader", new ProxyHeaderReader(proxy.headerTimeout().toNanos()));
            pipeline.addFirst("proxyHeaderDecoder", new HAProxyMessageDecoder());
        } else {
            pipeline.addFirst("proxyHeaderRefusal", new ProxyHeaderRefusal());
        }
    }
}
