package org.mailedge.node.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.mailedge.notify.NetworkRange;

/**
 * One exception to the node's mode: the users named, or any user connecting from the
 * networks given, get {@code mode} (e.g. a webmail front end or a monitoring host that must
 * never be attenuated: {@code off}).
 */
public record ModeException(Set<String> users, List<NetworkRange> networks, Mode mode) {

    public ModeException {
        users = Set.copyOf(users);
        networks = List.copyOf(networks);
        if (users.isEmpty() && networks.isEmpty()) {
            throw new IllegalArgumentException("an exception must name users or networks");
        }
    }

    boolean matches(String user, InetAddress client) {
        if (users.contains(user)) {
            return true;
        }
        for (NetworkRange network : networks) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
