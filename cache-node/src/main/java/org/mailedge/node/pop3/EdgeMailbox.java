package org.mailedge.node.pop3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.mailedge.node.attenuation.Lease;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.CentralUnavailableException;

/**
 * A subscriber session's maildrop as James' handlers see it. The listing is fixed at login
 * (RFC 1939: message numbers hold for the session): the central server's UIDL/LIST for a
 * check that went through, the last known state for an attenuated one. Message content is
 * fetched from the central server by {@link #fetch} on a worker thread, before James'
 * RETR/TOP handler reads it back from memory on the event loop; the central session is
 * opened only when one is needed.
 *
 * <p>Holds the session's mailbox {@link Lease} and releases it exactly once, with what the
 * session learned of the maildrop. Calls are serialised by {@link CommandSerializer}.
 */
final class EdgeMailbox implements Mailbox {

    private final String user;
    private final String password;
    private final List<MessageMetaData> listing;
    private final Lease lease;
    private final CentralEndpoint endpoint;
    private final EdgeCounters counters;
    private final Clock clock;
    private Upstream upstream;
    private String contentUid;
    private byte[] content;
    private boolean ended;

    private EdgeMailbox(String user, String password, MailboxState state, Upstream upstream, Lease lease,
                        CentralEndpoint endpoint, EdgeCounters counters, Clock clock) {
        this.user = user;
        this.password = password;
        this.listing = toMetaData(state);
        this.upstream = upstream;
        this.lease = lease;
        this.endpoint = endpoint;
        this.counters = counters;
        this.clock = clock;
    }

    static EdgeMailbox attenuated(String user, String password, MailboxState state, Lease lease,
                                  CentralEndpoint endpoint, EdgeCounters counters, Clock clock) {
        return new EdgeMailbox(user, password, state, null, lease, endpoint, counters, clock);
    }

    static EdgeMailbox passedThrough(String user, String password, Upstream upstream, Lease lease,
                                     CentralEndpoint endpoint, EdgeCounters counters, Clock clock) {
        return new EdgeMailbox(user, password, upstream.state(), upstream, lease, endpoint, counters, clock);
    }

    /**
     * Blocking: loads a message (or its top {@code lines}, when not null) from the central
     * server for the next {@link #getMessage}.
     *
     * @return false when the central server no longer has the message
     */
    boolean fetch(String uid, Integer lines) throws CentralUnavailableException {
        Optional<byte[]> bytes = lines == null ? upstream().retrieve(uid) : upstream().top(uid, lines);
        if (bytes.isEmpty()) {
            return false;
        }
        counters.messagesRelayed.increment();
        contentUid = uid;
        content = bytes.get();
        return true;
    }

    /** True when QUIT must go to the central server: to commit deletes, or to learn the state after a central session. */
    boolean quitNeedsCentral(List<String> deleted) {
        return upstream != null || !deleted.isEmpty();
    }

    /**
     * Blocking: the UPDATE state. Deletes at the central server, learns what remains and
     * releases the lease with it.
     *
     * @return whether every message the client deleted is gone
     */
    boolean commit(List<String> deleted) throws CentralUnavailableException {
        try {
            Upstream.Commit commit = upstream().commit(deleted);
            counters.deletesCommitted.add(commit.deleted());
            if (commit.remaining() == null) {
                lease.releaseUnknown();
            } else {
                lease.release(commit.remaining(), upstream.loginAt());
            }
            return commit.allRemoved();
        } catch (CentralUnavailableException e) {
            lease.releaseUnknown();
            throw e;
        } finally {
            ended = true;
            upstream = null;
        }
    }

    /** Ends a session that needs nothing from the central server at QUIT. */
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
            lease.release(open.state(), open.loginAt());
            centralIo.execute(open::abort);
        }
    }

    private Upstream upstream() throws CentralUnavailableException {
        if (upstream == null) {
            counters.centralSessions.increment();
            Upstream.Outcome outcome = Upstream.open(endpoint, user, password, clock);
            if (outcome instanceof Upstream.Outcome.Opened opened) {
                upstream = opened.upstream();
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
        if (!uid.equals(contentUid)) {
            throw new IOException("message " + uid + " was not fetched");
        }
        byte[] bytes = content;
        contentUid = null;
        content = null;
        return new ByteArrayInputStream(bytes);
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
