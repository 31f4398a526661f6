package org.mailedge.node.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.mailedge.node.attenuation.Lease;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.sync.CentralUnavailableException;
import org.mailedge.sync.origin.ClientOrigin;

/**
 * A subscriber session's maildrop as James' handlers see it. The listing is fixed at login
 * (RFC 1939: message numbers hold for the session): the central server's UIDL/LIST less
 * queued deletes for a check that went through, the last known state for an attenuated one,
 * the cache for a session while the central server is down. Message content is loaded by
 * {@link #fetch} on a worker thread — from the cache when the central server's UIDL still
 * names the message (the seed's synchronisation handshake), else from the central server.
 * The central session is opened only when one is needed.
 *
 * <p>Holds the session's mailbox {@link Lease} and releases it exactly once, with what the
 * session learned of the maildrop. Calls are serialised by {@link CommandSerializer}.
 */
final class EdgeMailbox implements Mailbox {

    private final String user;
    private final String password;
    private final List<MessageMetaData> listing;
    private final Lease lease;
    private final SessionServices services;
    private final boolean offline;
    /** Where the subscriber is, for a central session opened later (an attenuated check's RETR); null offline. */
    private final ClientOrigin origin;
    private Upstream upstream;
    /** The central listing less queued deletes, as of the central login: what a session ending without QUIT leaves. */
    private MailboxState centralShown;
    private boolean ended;

    private EdgeMailbox(String user, String password, MailboxState shown, Upstream upstream, Lease lease,
                        SessionServices services, boolean offline, ClientOrigin origin) {
        this.origin = origin;
        this.user = user;
        this.password = password;
        this.listing = toMetaData(shown);
        this.upstream = upstream;
        this.centralShown = upstream == null ? null : shown;
        this.lease = lease;
        this.services = services;
        this.offline = offline;
    }

    static EdgeMailbox attenuated(String user, String password, MailboxState state, Lease lease, SessionServices services,
                                  ClientOrigin origin) {
        return new EdgeMailbox(user, password, state, null, lease, services, false, origin);
    }

    /** @param shown the central listing after the UID handshake with the cache */
    static EdgeMailbox passedThrough(String user, String password, Upstream upstream, MailboxState shown, Lease lease,
                                     SessionServices services, ClientOrigin origin) {
        return new EdgeMailbox(user, password, shown, upstream, lease, services, false, origin);
    }

    /** The central server is unreachable: serve what the cache holds; deletes are queued. */
    static EdgeMailbox offline(String user, MailboxState cached, Lease lease, SessionServices services) {
        return new EdgeMailbox(user, null, cached, null, lease, services, true, null);
    }

    /**
     * Blocking: the message (or its header and first {@code lines} body lines, when not
     * null), from the cache when the central server's UIDL still names it, else from the
     * central server.
     *
     * @return empty when the central server no longer has the message
     */
    Optional<byte[]> fetch(String uid, Integer lines) throws CentralUnavailableException {
        if (offline) {
            byte[] cached = services.cache().content(user, uid).orElseThrow(() ->
                    new CentralUnavailableException("message " + uid + " is not cached and the central server is down"));
            return Optional.of(servedFromCache(cached, lines));
        }
        Upstream central = upstream();
        if (!central.names(uid)) {
            return Optional.empty();
        }
        Optional<byte[]> cached = services.cache().content(user, uid);
        if (cached.isPresent()) {
            return Optional.of(servedFromCache(cached.get(), lines));
        }
        Optional<byte[]> fetched = lines == null ? central.retrieve(uid) : central.top(uid, lines);
        fetched.ifPresent(bytes -> {
            services.counters().messagesRelayed.increment();
            services.counters().bytesFromCentral.add(bytes.length);
            if (lines == null) {
                services.cache().keep(user, uid, bytes);
            }
        });
        return fetched;
    }

    /** The whole cached message or its TOP part, counted as what is served, not what is stored. */
    private byte[] servedFromCache(byte[] cached, Integer lines) {
        byte[] served = lines == null ? cached : WireMessage.top(cached, lines);
        services.counters().cacheHits.increment();
        services.counters().bytesFromEdge.add(served.length);
        return served;
    }

    /** True when QUIT must go to the central server: to commit deletes, or to learn the state after a central session. */
    boolean quitNeedsCentral(List<String> deleted) {
        return upstream != null || !deleted.isEmpty();
    }

    /**
     * Blocking: the UPDATE state. Deletes at the central server what the client deleted and
     * what was queued before, learns what remains and releases the lease with it. When the
     * central server cannot take the deletes, they go to the durable queue instead.
     *
     * @return whether every message the client deleted is gone or durably queued
     */
    boolean commit(List<String> deleted) {
        try {
            if (offline) {
                return queue(deleted);
            }
            Set<String> toDelete = new LinkedHashSet<>(deleted);
            toDelete.addAll(services.cache().tombstones(user));
            if (toDelete.isEmpty() && upstream != null) {
                return endWithoutUpdate();
            }
            Upstream central = upstream();
            Upstream.Commit commit = central.commit(toDelete);
            upstream = null;
            services.cache().deleted(user, commit.removed());
            services.counters().deletesCommitted.add(commit.removed().size());
            boolean queued = commit.refused().isEmpty() || services.cache().queueDeletes(user, commit.refused());
            if (commit.remaining() == null) {
                lease.releaseUnknown();
            } else {
                lease.release(commit.remaining().without(commit.refused()), central.loginAt());
            }
            return queued;
        } catch (CentralUnavailableException e) {
            upstream = null;
            return queue(deleted);
        } finally {
            ended = true;
        }
    }

    private boolean queue(List<String> deleted) {
        boolean queued = deleted.isEmpty() || services.cache().queueDeletes(user, deleted);
        lease.releaseUnknown();
        return queued;
    }

    /** Ends a session that needs nothing from the central server at QUIT. */
    /**
     * A session through the central server that deleted nothing: what remains is what the
     * login listed, so the edge records that and answers the client at once, and QUITs the
     * central session in the background. Re-listing at QUIT would only cost the client three
     * round trips (STAT, UIDL, LIST) and learn nothing a notification after the login would not
     * release anyway, since the state is stamped with the login time.
     */
    private boolean endWithoutUpdate() {
        Upstream open = upstream;
        upstream = null;
        lease.release(centralShown, open.loginAt());
        try {
            services.centralIo().execute(open::quitQuietly);
        } catch (RejectedExecutionException nodeStopping) {
            open.abort();
        }
        return true;
    }

    void endUnchanged() {
        if (!ended) {
            ended = true;
            lease.releaseUnchanged();
        }
    }

    /**
     * Ends the session without UPDATE (dropped connection, time-out): nothing is deleted.
     * The central server's state at login is still the best knowledge of the maildrop.
     */
    void abandon(Executor centralIo) {
        if (ended) {
            return;
        }
        ended = true;
        Upstream open = upstream;
        upstream = null;
        if (open == null) {
            lease.releaseUnchanged();
        } else {
            lease.release(centralShown, open.loginAt());
            try {
                centralIo.execute(open::abort);
            } catch (RejectedExecutionException nodeStopping) {
                open.abort(); // closing a socket: quick enough to do here while the node stops
            }
        }
    }

    /** Opens the central session on first need, with the UID handshake. */
    private Upstream upstream() throws CentralUnavailableException {
        if (upstream == null) {
            services.centralSessionOpened();
            Upstream.Outcome outcome = Upstream.open(services.central(), services.forwarding(), origin, user, password,
                    services.clock());
            if (outcome instanceof Upstream.Outcome.Opened opened) {
                upstream = opened.upstream();
                centralShown = services.cache().reconcile(user, upstream.state());
            } else if (outcome instanceof Upstream.Outcome.Unavailable unavailable) {
                throw unavailable.cause();
            } else {
                throw new CentralUnavailableException("central server refused the session's password mid-session");
            }
        }
        return upstream;
    }

    @Override
    public InputStream getMessage(String uid) throws IOException {
        throw new IOException("messages are loaded by fetch on a worker thread, not by James' RETR handler");
    }

    @Override
    public List<MessageMetaData> getMessages() {
        return listing;
    }

    @Override
    public void remove(String... uids) throws IOException {
        throw new IOException("deletes are committed by QuitCmd, not by James' QUIT handler");
    }

    @Override
    public String getIdentifier() {
        return user;
    }

    @Override
    public void close() {
        // the lease and the central session end through commit, endUnchanged or abandon
    }

    private static List<MessageMetaData> toMetaData(MailboxState state) {
        List<MessageMetaData> list = new ArrayList<>(state.count());
        for (MailboxState.Message m : state.messages()) {
            list.add(new MessageMetaData(m.uid(), m.size()));
        }
        return List.copyOf(list);
    }
}
