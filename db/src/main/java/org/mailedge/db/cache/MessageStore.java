package org.mailedge.db.cache;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The mail cache: message content by (user, central UID). Content is stored byte for byte as
 * the central server's RETR delivered it (CRLF line ends, dot-unstuffed).
 *
 * <p>Crash safety: after a crash at any instant a message is either wholly present (and its
 * bytes are exactly those put) or absent. A cache may lose a message (the central server still
 * has it); it must never hold a partial one.
 */
public interface MessageStore {

    /**
     * Stores a message; durable when this returns. Storing a (user, uid) that is already
     * present changes nothing.
     *
     * @return true if the message was added, false if it was already there
     */
    boolean put(String user, String uid, byte[] content, Instant fetchedAt);

    Optional<byte[]> content(String user, String uid);

    /** The user's cached messages, in no particular order. */
    List<CachedMessage> list(String user);

    /** Removes these UIDs of the user (those absent are ignored); returns how many were removed. */
    int remove(String user, Collection<String> uids);

    /** Evicts everything cached for the user; returns how many messages were removed. */
    int removeUser(String user);

    /** Bytes of content cached for the user. */
    long bytes(String user);

    /** Bytes of content cached in total. */
    long totalBytes();

    /** Users with cached mail, least recently seen first (by the user directory's last-seen time; never seen first). */
    List<String> usersLeastRecentlySeenFirst();
}
