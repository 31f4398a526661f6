package org.mailedge.node.pop3;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;

/**
 * A reply that is not ready when its command handler returns: upstream I/O or a penalty
 * wait. James 3.8.1 handlers must return a {@link Response} synchronously on the Netty event
 * loop, so a handler that needs to wait registers a {@code Deferred} on the session and
 * returns {@code null}; {@link CommandSerializer} then holds back the session's later
 * commands and writes the reply, on the event loop, once it is ready.
 *
 * <p>The supplier may itself defer its reply again (a wait of delay mode after the central
 * login); the serializer then writes it when that second wait is over.
 *
 * <p>The work yields a {@code Supplier<Response>} rather than a response so that all session
 * mutations (state, mailbox, attachments) happen on the event loop that owns the session.
 */
final class Deferred {

    static final ProtocolSession.AttachmentKey<Deferred> KEY =
            ProtocolSession.AttachmentKey.of("mailedge.deferred", Deferred.class);

    private final CompletableFuture<Supplier<Response>> reply;

    private Deferred(CompletableFuture<Supplier<Response>> reply) {
        this.reply = reply;
    }

    CompletableFuture<Supplier<Response>> reply() {
        return reply;
    }

    /** Runs blocking {@code work} on {@code executor} and replies with what it yields. Returns null for the dispatcher. */
    static Response run(ProtocolSession session, Executor executor, BlockingWork work) {
        return defer(session, CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor));
    }

    /** Replies with {@code response} after {@code delay}, without holding any thread meanwhile. */
    static Response after(ProtocolSession session, Duration delay, Response response) {
        return defer(session, later(delay, () -> response));
    }

    /**
     * Holds back the reply that a handler has already deferred for a further {@code delay}.
     * Returns null for the dispatcher.
     */
    static Response delayBy(ProtocolSession session, Duration delay) {
        Deferred pending = session.getAttachment(KEY, ProtocolSession.State.Connection)
                .orElseThrow(() -> new IllegalStateException("no deferred reply to delay"));
        return defer(session, pending.reply.thenCompose(reply -> later(delay, reply)));
    }

    static Response defer(ProtocolSession session, CompletableFuture<Supplier<Response>> reply) {
        session.setAttachment(KEY, new Deferred(reply), ProtocolSession.State.Connection);
        return null;
    }

    static CompletableFuture<Supplier<Response>> later(Duration delay, Supplier<Response> reply) {
        return CompletableFuture.supplyAsync(() -> reply,
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, Runnable::run));
    }

    /** Blocking work for a worker thread; what it returns runs later on the session's event loop. */
    @FunctionalInterface
    interface BlockingWork {
        Supplier<Response> run() throws Exception;
    }
}
