package org.mailedge.node.pop3;

import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.POP3StreamResponse;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/**
 * RETR and TOP: the message is loaded on a worker thread — from the cache after the UID
 * handshake, or from the central server — and made ready for the wire there, so the event
 * loop only writes it.
 */
abstract class MessageFetchCmd implements CommandHandler<POP3Session> {

    private final String command;
    private final Executor centralIo;

    MessageFetchCmd(String command, Executor centralIo) {
        this.command = command;
        this.centralIo = centralIo;
    }

    /** @return what the arguments ask for, or empty when they are malformed */
    abstract Optional<Target> parse(String[] arguments);

    /** The usage line for malformed arguments. */
    abstract Response usage();

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
            return usage();
        }
        Optional<MessageMetaData> message = MessageNumber.resolve(session, target.get().number());
        if (message.isEmpty()) {
            return Replies.NO_SUCH_MESSAGE;
        }
        EdgeMailbox mailbox = (EdgeMailbox) session.getUserMailbox();
        String uid = message.get().getUid();
        Integer lines = target.get().bodyLines();
        return Deferred.run(session, centralIo, () -> {
            Optional<byte[]> wire = mailbox.fetch(uid, lines).map(WireMessage::stuffed);
            return () -> wire.<Response>map(bytes -> new POP3StreamResponse(POP3Response.OK_RESPONSE, "Message follows",
                    new ByteArrayInputStream(bytes))).orElse(Replies.NO_SUCH_MESSAGE);
        });
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of(command);
    }

    static Optional<Integer> number(String token) {
        try {
            return Optional.of(Integer.parseInt(token));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
