package org.mailedge.node.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The node's counters, kept in one place so the demo report, the log and (later) the
 * metrics endpoint read the same numbers. Lock-free: incremented on the POP3 hot path.
 */
public final class EdgeCounters {

    /** POP checks: PASS commands received. */
    public final LongAdder checks = new LongAdder();
    /** Checks answered from the attenuation table, without the central server. */
    public final LongAdder answeredAtEdge = new LongAdder();
    /** Checks whose login went to the central server. */
    public final LongAdder passedThrough = new LongAdder();
    /** Every POP3 session the edge opened at the central server (logins, RETR of an attenuated session, deletes). */
    public final LongAdder centralSessions = new LongAdder();
    /** Logins refused for a wrong password. */
    public final LongAdder refusedLogins = new LongAdder();
    /** Logins answered [IN-USE]. */
    public final LongAdder inUse = new LongAdder();
    /** Replies of [SYS/TEMP] because the central server could not be reached. */
    public final LongAdder centralUnavailable = new LongAdder();
    /** Messages the edge fetched from the central server for a client (RETR or TOP). */
    public final LongAdder messagesRelayed = new LongAdder();
    /** Deletes carried out at the central server at QUIT. */
    public final LongAdder deletesCommitted = new LongAdder();
    /** New-mail notifications for users in the attenuation table. */
    public final LongAdder notificationsKnown = new LongAdder();
    /** New-mail notifications for users the edge does not know (accepted and counted). */
    public final LongAdder notificationsUnknown = new LongAdder();

    public Snapshot snapshot() {
        return new Snapshot(checks.sum(), answeredAtEdge.sum(), passedThrough.sum(), centralSessions.sum(),
                refusedLogins.sum(), inUse.sum(), centralUnavailable.sum(), messagesRelayed.sum(),
                deletesCommitted.sum(), notificationsKnown.sum(), notificationsUnknown.sum());
    }

    public record Snapshot(long checks, long answeredAtEdge, long passedThrough, long centralSessions,
                           long refusedLogins, long inUse, long centralUnavailable, long messagesRelayed,
                           long deletesCommitted, long notificationsKnown, long notificationsUnknown) {}
}
