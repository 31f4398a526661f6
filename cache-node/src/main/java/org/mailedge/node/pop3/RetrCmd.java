package org.mailedge.node.pop3;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.james.protocols.api.Response;

/** RETR n (RFC 1939 §7): the whole message. */
final class RetrCmd extends MessageFetchCmd {

    private static final Response USAGE = Replies.err("Usage: RETR msg");

    RetrCmd(Executor centralIo) {
        super("RETR", centralIo);
    }

    @Override
    Optional<Target> parse(String[] arguments) {
        return arguments.length == 1 ? number(arguments[0]).map(n -> new Target(n, null)) : Optional.empty();
    }

    @Override
    Response usage() {
        return USAGE;
    }
}
