package org.mailedge.node.pop3;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.james.protocols.pop3.core.RetrCmdHandler;

/** RETR n (RFC 1939 §7): the whole message, fetched from the central server. */
final class RetrCmd extends MessageFetchCmd {

    RetrCmd(Executor centralIo) {
        super(new RetrCmdHandler(new NoopMetricFactory()), centralIo);
    }

    @Override
    Optional<Target> parse(String[] arguments) {
        return arguments.length == 1 ? number(arguments[0]).map(n -> new Target(n, null)) : Optional.empty();
    }
}
