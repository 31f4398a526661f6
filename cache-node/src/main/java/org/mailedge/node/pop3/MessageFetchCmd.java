package org.mailedge.node.pop3;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/**
 * RETR and TOP: the message is fetched from the central server on a worker thread, then
 * James' own handler (kept out of the chain, used as a delegate) writes it with its
 * byte-stuffing. Malformed arguments go straight to the delegate, which words the usage
 * error.
 */
abstract class MessageFetchCmd implements CommandHandler<POP3Session> {

    private final CommandHandler<POP3Session> delegate;
    private final Executor centralIo;

    MessageFetchCmd(CommandHandler<POP3Session> delegate, Executor centralIo) {
        this.delegate = delegate;
        this.centralIo = centralIo;
    }

    /** @return what the arguments ask for, or empty when they are malformed */
    abstract Optional<Target> parse(String[] arguments);

    /** A message number and, for TOP, how many body lines (null: the whole message). */
    record Target(int number, Integer bodyLines) {}

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() != POP3Session.TRANSACTION) {
            return Replies.WRONG_STATE;
        }
        String argument = request.getArgument();
        Optional<Target> target = argument == null ? Optional.empty() : parse(argument.trim().split(" +"));
        if (target.isEmpty()) {
            return delegate.onCommand(session, request);
        }
        Optional<MessageMetaData> message = MessageNumber.resolve(session, target.get().number());
        if (message.isEmpty()) {
            return Replies.NO_SUCH_MESSAGE;
        }
        EdgeMailbox mailbox = (EdgeMailbox) session.getUserMailbox();
        String uid = message.get().getUid();
        Integer lines = target.get().bodyLines();
        return Deferred.run(session, centralIo, () -> {
            boolean found = mailbox.fetch(uid, lines);
            return () -> found ? delegate.onCommand(session, request) : Replies.NO_SUCH_MESSAGE;
        });
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.copyOf(delegate.getImplCommands());
    }

    static Optional<Integer> number(String token) {
        try {
            return Optional.of(Integer.parseInt(token));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
