package org.mailedge.node.pop3;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.attenuation.Lease;
import org.mailedge.node.attenuation.LoginVerdict;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.node.delay.DelayBudget;
import org.mailedge.node.policy.Mode;
import org.mailedge.sync.LoginResult;
import org.mailedge.sync.origin.ClientOrigin;

/**
 * The login step that PASS and AUTH share: the seed's Authorization-state event, whichever
 * command carried the credentials. The user's {@link Mode} (the node's, or an
 * exception's for the user or the client's network) decides who judges the check. In
 * attenuate and reject modes the attenuation table judges the login first: an attenuated
 * check is answered at once from the last known state, with no central contact, or refused
 * with [LOGIN-DELAY] in reject mode. In delay mode the check goes through and the replies
 * wait ({@link DelayedReply}); in off mode it just goes through. Every other check logs in at the central server on a worker thread,
 * which also judges the password, so a changed password works at once and a wrong one
 * never gets {@code +OK}. A refused password is answered after the login penalty. When the
 * central server is unreachable, a user whose password the edge can verify may be served
 * from the cache ({@code cache.when-central-down: serve-cache}); anyone else gets [SYS/TEMP].
 */
final class Login {

    /** Central refusals whose code means the same to the client: passed on unchanged. */
    private static final Set<String> PASSED_ON_CODES = Set.of("IN-USE", "LOGIN-DELAY");

    private final SessionServices services;

    private final UserAddressSessions perUserAndAddress;

    Login(SessionServices services, UserAddressSessions perUserAndAddress) {
        this.services = services;
        this.perUserAndAddress = perUserAndAddress;
    }

    /**
     * Judges the check of {@code user} with {@code password} and returns the reply, or null
     * when the reply is deferred ({@link Deferred}). The session's user name must be set.
     */
    Response attempt(POP3Session session, String user, String password) {
        services.counters().checks.increment();
        services.pollers().record(user);
        if (!perUserAndAddress.tryAcquire(session, user)) {
            services.counters().inUse.increment();
            SessionSummary.of(session).mode(SessionSummary.Mode.IN_USE);
            return backToAuthorization(session, Replies.TOO_MANY_USER_SESSIONS);
        }
        Mode mode = services.modes().modeFor(user, session.getRemoteAddress().getAddress());
        if (mode.judgedAtEdge()) {
            LoginVerdict verdict = services.table().onLogin(user, password);
            if (verdict instanceof LoginVerdict.InUse) {
                return inUse(session);
            }
            if (verdict instanceof LoginVerdict.AnswerAtEdge edge) {
                services.notices().onAttenuated(user);
                return mode == Mode.REJECT ? loginDelay(session, edge.lease()) : attenuated(session, user, password, edge);
            }
            if (verdict instanceof LoginVerdict.GoThrough through && through.reason() == LoginVerdict.Reason.FAST_CHECK) {
                services.counters().fastCheckRewards.increment();
            }
        } else if (services.table().lockedFor(user, password)) {
            return inUse(session);
        }
        if (mode == Mode.OFF) {
            services.counters().unattenuatedChecks.increment();
        }
        services.counters().passedThrough.increment();
        services.centralSessionOpened();
        CompletableFuture<Supplier<Response>> reply = CompletableFuture
                .supplyAsync(() -> centralLogin(user, password, origin(session)), services.centralIo())
                .thenCompose(login -> {
                    if (login instanceof LoginAttempt.Refused refused && !passedOn(refused.refusal())) {
                        Duration wait = services.penalty().onFailure(clientAddress(session), user);
                        return Deferred.later(wait, () -> refused(session));
                    }
                    return CompletableFuture.completedFuture(() -> afterLoginAttempt(session, user, password, mode, login));
                });
        return Deferred.defer(session, reply);
    }

    private Response attenuated(POP3Session session, String user, String password, LoginVerdict.AnswerAtEdge edge) {
        services.counters().answeredAtEdge.increment();
        SessionSummary.of(session).mode(SessionSummary.Mode.ATTENUATED);
        return enterTransaction(session, EdgeMailbox.attenuated(user, password, edge.state(), edge.lease(), services,
                origin(session)));
    }

    /** Reject mode: the password is verified, so the client may learn that it checks too often. */
    private Response loginDelay(POP3Session session, Lease lease) {
        lease.releaseUnchanged();
        services.counters().loginDelayRejects.increment();
        SessionSummary.of(session).mode(SessionSummary.Mode.LOGIN_DELAY);
        return backToAuthorization(session, Replies.loginDelay(services.desiredInterval()));
    }

    /** Delay mode: the first wait is before the PASS reply, with the mailbox already held. */
    private Response delayed(POP3Session session, String user, Response loggedIn) {
        Duration total = services.delays().onCheck(user, services.desiredInterval());
        if (total.isZero()) {
            return loggedIn;
        }
        services.counters().delayedSessions.increment();
        SessionSummary.of(session).mode(SessionSummary.Mode.DELAYED);
        DelayBudget budget = services.delays().rule().budget(total);
        session.setAttachment(DelayedReply.BUDGET, budget, ProtocolSession.State.Connection);
        Duration wait = budget.nextWait();
        services.counters().delayInsertedMillis.add(wait.toMillis());
        return Deferred.after(session, wait, loggedIn);
    }

    /** Blocking, on a worker: the central login, and the UID handshake with the cache. */
    private LoginAttempt centralLogin(String user, String password, ClientOrigin origin) {
        Upstream.Outcome outcome = Upstream.open(services.central(), services.forwarding(), origin, user, password,
                services.clock());
        if (outcome instanceof Upstream.Outcome.Opened opened) {
            MailboxState shown = services.cache().reconcile(user, opened.upstream().state());
            services.cache().seen(user);
            return new LoginAttempt.Through(opened.upstream(), shown);
        }
        if (outcome instanceof Upstream.Outcome.Refused refused) {
            return new LoginAttempt.Refused(refused.refusal());
        }
        if (services.serveCacheWhenCentralDown()) {
            MailboxState lastKnown = services.table().view(user).flatMap(AttenuationTable.EntryView::state)
                    .orElse(MailboxState.EMPTY);
            return new LoginAttempt.Down(Optional.of(services.cache().offline(user, lastKnown)));
        }
        return new LoginAttempt.Down(Optional.empty());
    }

    /** On the event loop: what the central login means for the session. */
    private Response afterLoginAttempt(POP3Session session, String user, String password, Mode mode, LoginAttempt login) {
        if (login instanceof LoginAttempt.Through through) {
            Optional<Lease> lease = services.table().acquireAfterCentralLogin(user, password);
            if (lease.isEmpty()) {
                services.centralIo().execute(through.upstream()::abort);
                return inUse(session);
            }
            services.penalty().onSuccess(user);
            SessionSummary.of(session).mode(SessionSummary.Mode.THROUGH);
            Response loggedIn = enterTransaction(session, EdgeMailbox.passedThrough(user, password, through.upstream(),
                    through.shown(), lease.get(), services, origin(session)));
            return mode == Mode.DELAY ? delayed(session, user, loggedIn) : loggedIn;
        }
        if (login instanceof LoginAttempt.Down down && down.cached().isPresent()) {
            Optional<Lease> lease = services.table().acquireVerified(user, password);
            if (lease.isPresent()) {
                services.counters().servedOffline.increment();
                SessionSummary.of(session).mode(SessionSummary.Mode.OFFLINE);
                return enterTransaction(session, EdgeMailbox.offline(user, down.cached().get(), lease.get(), services));
            }
        }
        if (login instanceof LoginAttempt.Refused refused) {
            SessionSummary.of(session).mode(SessionSummary.Mode.REFUSED);
            return backToAuthorization(session, Replies.verbatim(refused.refusal().replyLine()));
        }
        services.counters().centralUnavailable.increment();
        SessionSummary.of(session).mode(SessionSummary.Mode.UNAVAILABLE);
        return backToAuthorization(session, Replies.CENTRAL_UNAVAILABLE);
    }

    /** What came of a login at the central server, with the cache's view. */
    private sealed interface LoginAttempt {
        record Through(Upstream upstream, MailboxState shown) implements LoginAttempt {}

        record Refused(LoginResult.Refused refusal) implements LoginAttempt {}

        /** @param cached the listing to serve from the cache, when the edge may do so */
        record Down(Optional<MailboxState> cached) implements LoginAttempt {}
    }

    /** [IN-USE], [LOGIN-DELAY] and [SYS/...] from the central server reach the client as they are. */
    private static boolean passedOn(LoginResult.Refused refusal) {
        return refusal.responseCode().filter(code -> PASSED_ON_CODES.contains(code) || code.startsWith("SYS/")).isPresent();
    }

    private Response refused(POP3Session session) {
        services.counters().refusedLogins.increment();
        SessionSummary.of(session).mode(SessionSummary.Mode.REFUSED);
        return backToAuthorization(session, Replies.AUTH_FAILED);
    }

    private Response inUse(POP3Session session) {
        services.counters().inUse.increment();
        SessionSummary.of(session).mode(SessionSummary.Mode.IN_USE);
        return backToAuthorization(session, Replies.IN_USE);
    }

    /** A login that did not open the mailbox: the session may try again, and holds no per-user slot meanwhile. */
    private Response backToAuthorization(POP3Session session, Response reply) {
        perUserAndAddress.release(session);
        session.setHandlerState(POP3Session.AUTHENTICATION_READY);
        return reply;
    }

    private static Response enterTransaction(POP3Session session, EdgeMailbox mailbox) {
        List<MessageMetaData> listing = mailbox.getMessages();
        session.setUserMailbox(mailbox);
        session.setAttachment(POP3Session.UID_LIST, listing, ProtocolSession.State.Transaction);
        session.setAttachment(POP3Session.DELETED_UID_LIST, new java.util.ArrayList<>(), ProtocolSession.State.Transaction);
        session.setHandlerState(POP3Session.TRANSACTION);
        return Replies.LOGGED_IN;
    }

    /** The subscriber's address (the proxied one behind a load balancer) and the listener's, for the central server. */
    private static ClientOrigin origin(POP3Session session) {
        return new ClientOrigin(session.getRemoteAddress(), session.getLocalAddress());
    }

    private static String clientAddress(POP3Session session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
