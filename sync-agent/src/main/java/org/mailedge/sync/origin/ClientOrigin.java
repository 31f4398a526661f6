package org.mailedge.sync.origin;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a subscriber's session comes from: the subscriber's address and port, and the address
 * and port of the edge listener it connected to.
 */
public record ClientOrigin(InetSocketAddress client, InetSocketAddress server) {

    public ClientOrigin {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        if (client.getAddress() == null || server.getAddress() == null) {
            throw new IllegalArgumentException("both addresses must be resolved");
        }
    }
}
