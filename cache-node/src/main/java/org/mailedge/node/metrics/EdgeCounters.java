package org.mailedge.node.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's counters, kept in one place so the demo report, the log, {@code /api/counters}
 * and the Prometheus endpoint ({@link EdgeMetrics}) read the same numbers. Lock-free:
 * incremented on the POP3 hot path.
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
    /** Message bytes served to clients from the edge's cache. */
    public final LongAdder bytesFromEdge = new LongAdder();
    /** Message bytes fetched from the central server for clients. */
    public final LongAdder bytesFromCentral = new LongAdder();
    /** Cached messages dropped because the central server's UIDL no longer named them. */
    public final LongAdder uidMismatches = new LongAdder();
    /** Deletes put in the durable queue because the central server could not take them. */
    public final LongAdder deletesQueued = new LongAdder();
    /** Sessions served from the cache while the central server was unreachable. */
    public final LongAdder servedOffline = new LongAdder();
    /** New-mail notifications for users in the attenuation table. */
    public final LongAdder notificationsKnown = new LongAdder();
    /** New-mail notifications for users the edge does not know (accepted and counted). */
    public final LongAdder notificationsUnknown = new LongAdder();

    /** Checks the fast check let through as a reward although the release rule would have answered them at the edge. */
    public final LongAdder fastCheckRewards = new LongAdder();
    /** Checks in off mode (the node's or an exception's): let through untouched. */
    public final LongAdder unattenuatedChecks = new LongAdder();
    /** Sessions in delay mode that got any delay. */
    public final LongAdder delayedSessions = new LongAdder();
    /** Milliseconds of delay inserted into replies, over all sessions. */
    public final LongAdder delayInsertedMillis = new LongAdder();
    /** Checks refused with [LOGIN-DELAY] in reject mode. */
    public final LongAdder loginDelayRejects = new LongAdder();

    /** Attenuation notices the SMTP relay accepted. */
    public final LongAdder noticesSent = new LongAdder();
    /** Attenuation notices the relay did not take: retried at the next sweep, or refused for good (5xx, no address). */
    public final LongAdder noticesFailed = new LongAdder();
    /**
     * Attenuation notices withheld: the user was notified less than a period before (counted
     * once per user and period), or slowed down before a relay outage ended.
     */
    public final LongAdder noticesSuppressed = new LongAdder();

    /** Messages (RETR or TOP) served to clients from the edge's cache. */
    public final LongAdder cacheHits = new LongAdder();
    /** POP3 connections accepted. */
    public final LongAdder connectionsOpened = new LongAdder();
    /** POP3 connections open now: incremented when one is accepted, decremented when it closes. */
    public final LongAdder connectionsOpen = new LongAdder();

    /** POP3 sessions ended, by how their check was served (the session log's {@code mode=}). */
    private final ConcurrentMap<String, LongAdder> sessionsByMode = new ConcurrentHashMap<>();

    /** The counter of ended sessions in {@code mode}; created at zero on first use. */
    public LongAdder sessions(String mode) {
        return sessionsByMode.computeIfAbsent(mode, m -> new LongAdder());
    }

    /** Ended sessions per mode, for every mode seen or declared with {@link #sessions(String)}. */
    public Map<String, Long> sessionsByMode() {
        Map<String, Long> out = new LinkedHashMap<>();
        sessionsByMode.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return Collections.unmodifiableMap(out);
    }

    public Snapshot snapshot() {
        return new Snapshot(checks.sum(), answeredAtEdge.sum(), passedThrough.sum(), centralSessions.sum(),
                refusedLogins.sum(), inUse.sum(), centralUnavailable.sum(), messagesRelayed.sum(),
                deletesCommitted.sum(), bytesFromEdge.sum(), bytesFromCentral.sum(), uidMismatches.sum(),
                deletesQueued.sum(), servedOffline.sum(), notificationsKnown.sum(), notificationsUnknown.sum(),
                fastCheckRewards.sum(), unattenuatedChecks.sum(), delayedSessions.sum(), delayInsertedMillis.sum(),
                loginDelayRejects.sum(), noticesSent.sum(), noticesFailed.sum(), noticesSuppressed.sum(),
                cacheHits.sum(), connectionsOpened.sum(), connectionsOpen.sum(), sessionsByMode());
    }

    public record Snapshot(long checks, long answeredAtEdge, long passedThrough, long centralSessions,
                           long refusedLogins, long inUse, long centralUnavailable, long messagesRelayed,
                           long deletesCommitted, long bytesFromEdge, long bytesFromCentral, long uidMismatches,
                           long deletesQueued, long servedOffline, long notificationsKnown, long notificationsUnknown,
                           long fastCheckRewards, long unattenuatedChecks, long delayedSessions, long delayInsertedMillis,
                           long loginDelayRejects, long noticesSent, long noticesFailed, long noticesSuppressed,
                           long cacheHits, long connectionsOpened, long connectionsOpen, Map<String, Long> sessionsByMode) {}
}
