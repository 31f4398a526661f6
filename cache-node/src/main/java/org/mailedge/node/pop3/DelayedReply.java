package org.mailedge.node.pop3;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.mailedge.node.delay.DelayBudget;
import org.mailedge.node.metrics.EdgeCounters;

/**
 * Delay mode's wait before the reply of a check command (STAT, LIST, UIDL, QUIT): the
 * command is carried out at once, and its reply is written after the next wait of the
 * session's {@link DelayBudget}, if it has one. The wait holds no thread ({@link Deferred}),
 * and the {@link CommandSerializer} keeps pipelined commands behind it in order.
 */
final class DelayedReply implements CommandHandler<POP3Session> {

    /** Set by PASS on a delayed session. */
    static final ProtocolSession.AttachmentKey<DelayBudget> BUDGET =
            ProtocolSession.AttachmentKey.of("mailedge.delay", DelayBudget.class);

    private final CommandHandler<POP3Session> command;
    private final EdgeCounters counters;

    DelayedReply(CommandHandler<POP3Session> command, EdgeCounters counters) {
        this.command = command;
        this.counters = counters;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        Response response = command.onCommand(session, request);
        Optional<DelayBudget> budget = session.getAttachment(BUDGET, ProtocolSession.State.Connection);
        if (budget.isEmpty()) {
            return response;
        }
        Duration wait = budget.get().nextWait();
        if (wait.isZero()) {
            return response;
        }
        counters.delayInsertedMillis.add(wait.toMillis());
        return response == null ? Deferred.delayBy(session, wait) : Deferred.after(session, wait, response);
    }

    @Override
    public Collection<String> getImplCommands() {
        return command.getImplCommands();
    }
}
