package org.mailedge.node.cache;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.mailedge.node.attenuation.MailboxState;

/**
 * The edge's mail cache as a POP3 session uses it: the seed's UID synchronisation handshake,
 * content by central UID, and the durable delete queue whose entries are tombstones. Blocking
 * (JDBC): called only from the central-I/O workers.
 */
public interface MailCache {

    /**
     * The UID handshake: the central server's listing is the truth. Cached messages it no
     * longer names are dropped (deleted at the central server or at another edge), and
     * messages with a queued delete are hidden.
     *
     * @return what the client may be shown: {@code central} less the tombstones
     */
    MailboxState reconcile(String user, MailboxState central);

    /** The user's tombstones: deletes queued for the central server. */
    Set<String> tombstones(String user);

    Optional<byte[]> content(String user, String uid);

    /** Keeps a message that was just fetched from the central server for a client. */
    void keep(String user, String uid, byte[] content);

    /** Messages the user deleted and the central server confirmed: gone from the cache and the queue. */
    void deleted(String user, Collection<String> uids);

    /**
     * Records deletes the central server could not take now: durable when this returns, and
     * the messages are never served again. The cache's copies are dropped.
     *
     * @return false when there is no durable queue (cache disabled): the caller must report
     *     that the messages were not removed
     */
    boolean queueDeletes(String user, Collection<String> uids);

    /**
     * The listing for a session while the central server is down: every cached message less
     * the tombstones, in the central order of {@code lastKnown} where it names them.
     */
    MailboxState offline(String user, MailboxState lastKnown);

    /** Remembers that the user's session came through this node (placement by last seen). */
    void seen(String user);
}
