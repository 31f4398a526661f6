package org.mailedge.node.pop3;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.james.protocols.api.Response;

/**
 * TOP n lines (RFC 1939 §7): the header and the first lines of the body. From the central
 * server only those travel, which is the point of TOP for clients that preview.
 */
final class TopCmd extends MessageFetchCmd {

    private static final Response USAGE = Replies.err("Usage: TOP msg n");

    TopCmd(Executor centralIo) {
        super("TOP", centralIo);
    }

    @Override
    Optional<Target> parse(String[] arguments) {
        if (arguments.length != 2) {
            return Optional.empty();
        }
        Optional<Integer> lines = number(arguments[1]).filter(l -> l >= 0);
        return number(arguments[0]).flatMap(n -> lines.map(l -> new Target(n, l)));
    }

    @Override
    Response usage() {
        return USAGE;
    }
}
