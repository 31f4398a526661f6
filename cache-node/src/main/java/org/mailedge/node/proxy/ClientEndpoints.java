package org.mailedge.node.proxy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The subscriber's address and the address it connected to, as a trusted load balancer's
 * PROXY header gave them; kept on the channel until the POP3 session takes them over.
 */
public record ClientEndpoints(InetSocketAddress source, InetSocketAddress destination) {

    private static final AttributeKey<ClientEndpoints> KEY = AttributeKey.valueOf("mailedge.proxiedClient");

    static void set(Channel channel, ClientEndpoints endpoints) {
        channel.attr(KEY).set(endpoints);
    }

    /** What a PROXY header said, if one did. */
    public static Optional<ClientEndpoints> of(Channel channel) {
        return Optional.ofNullable(channel.attr(KEY).get());
    }

    /** The subscriber's address: the proxied one, or the peer's own. */
    public static InetSocketAddress sourceOf(Channel channel) {
        return of(channel).map(ClientEndpoints::source).orElse((InetSocketAddress) channel.remoteAddress());
    }
}
