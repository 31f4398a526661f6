package org.mailedge.node.pop3;

import java.util.concurrent.Executor;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.mailedge.node.metrics.EdgeCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when a connection ends, however it ends. A session that did not pass through QUIT
 * deletes nothing (RFC 1939 §6); its mailbox lock is released and its central session
 * closed without QUIT. Then the operator's one summary line for the session is logged.
 * James 3.8.1 does not close the mailbox on a disconnect by itself.
 */
final class SessionCloser implements DisconnectHandler<POP3Session> {

    private static final Logger LOG = LoggerFactory.getLogger("mailedge.session");

    private final Executor centralIo;
    private final UserAddressSessions perUserAndAddress;
    private final EdgeCounters counters;

    SessionCloser(Executor centralIo, UserAddressSessions perUserAndAddress, EdgeCounters counters) {
        this.centralIo = centralIo;
        this.perUserAndAddress = perUserAndAddress;
        this.counters = counters;
        // every mode's counter exists from the start, so a scrape shows zeros rather than absent series
        for (SessionSummary.Mode mode : SessionSummary.Mode.values()) {
            counters.sessions(mode.label());
        }
    }

    @Override
    public void onDisconnect(POP3Session session) {
        release(session);
        SessionSummary summary = SessionSummary.of(session);
        counters.sessions(summary.mode().label()).increment();
        // formatting the line costs more than an attenuated check's own work: skip it when the
        // operator turned session lines off (MAILEDGE_SESSION_LOG=WARN)
        if (LOG.isInfoEnabled()) {
            LOG.info(summary.line(
                    session.getUsername() == null ? null : session.getUsername().asString(),
                    session.getRemoteAddress().getAddress().getHostAddress()));
        }
    }

    /** Idempotent: also called for a deferred login that completes after its client left. */
    void release(POP3Session session) {
        perUserAndAddress.release(session);
        if (session.getUserMailbox() instanceof EdgeMailbox mailbox) {
            mailbox.abandon(centralIo);
        }
    }
}
