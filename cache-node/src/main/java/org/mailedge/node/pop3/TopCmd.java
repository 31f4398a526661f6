package org.mailedge.node.pop3;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.james.protocols.pop3.core.TopCmdHandler;

/**
 * TOP n lines (RFC 1939 §7): only the header and the first lines travel from the central
 * server, which is the point of TOP for clients that preview.
 */
final class TopCmd extends MessageFetchCmd {

    TopCmd(Executor centralIo) {
        super(new TopCmdHandler(new NoopMetricFactory()), centralIo);
    }

    @Override
    Optional<Target> parse(String[] arguments) {
        if (arguments.length != 2) {
            return Optional.empty();
        }
        Optional<Integer> lines = number(arguments[1]).filter(l -> l >= 0);
        return number(arguments[0]).flatMap(n -> lines.map(l -> new Target(n, l)));
    }
}
