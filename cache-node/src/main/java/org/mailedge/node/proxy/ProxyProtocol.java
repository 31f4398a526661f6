package org.mailedge.node.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.mailedge.notify.NetworkRange;

/**
 * HAProxy PROXY protocol (v1 text and v2 binary) on the POP3 listener, so that the node can
 * sit behind a load balancer and still see each subscriber's address: the login penalty,
 * the per-address limits, the network exceptions of the policy and the session log all use
 * the address the header names.
 *
 * <p>Only peers in {@code trustedNetworks} may send a header, and they must: a connection
 * from them without one is closed after {@code headerTimeout} (or at once when its first
 * bytes are not a header). A header from any other peer closes the connection, so a
 * subscriber cannot pose as another address. Dovecot's {@code haproxy_trusted_networks}
 * behaves the same way.
 *
 * @param trustedNetworks the load balancers; empty: PROXY protocol off
 * @param headerTimeout how long a trusted peer has to send its header
 */
public record ProxyProtocol(List<NetworkRange> trustedNetworks, Duration headerTimeout) {

    /** A load balancer sends the header as soon as it has connected; anything slower is not one. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    public ProxyProtocol {
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    public static ProxyProtocol off() {
        return new ProxyProtocol(List.of(), DEFAULT_HEADER_TIMEOUT);
    }

    public boolean enabled() {
        return !trustedNetworks.isEmpty();
    }

    public boolean trusts(InetAddress peer) {
        return trustedNetworks.stream().anyMatch(network -> network.contains(peer));
    }
}
