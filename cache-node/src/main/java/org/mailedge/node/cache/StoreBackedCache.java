package org.mailedge.node.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.cache.CachedMessage;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.node.metrics.EdgeCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache over the node's durable store. Reads and copies are best effort (the central
 * server has every message); the tombstones and the delete queue are not: if they cannot be
 * read or written, the operation fails rather than risk serving a deleted message.
 */
public final class StoreBackedCache implements MailCache {

    private static final Logger LOG = LoggerFactory.getLogger(StoreBackedCache.class);

    private final EdgeStore store;
    private final String nodeName;
    private final boolean keepRetrieved;
    private final EdgeCounters counters;
    private final Clock clock;

    /**
     * @param keepRetrieved whether a message fetched from the central server for a client is
     *     stored too, so the next download of it is served from the edge
     */
    public StoreBackedCache(EdgeStore store, String nodeName, boolean keepRetrieved, EdgeCounters counters, Clock clock) {
        this.store = store;
        this.nodeName = nodeName;
        this.keepRetrieved = keepRetrieved;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public MailboxState reconcile(String user, MailboxState central) {
        List<String> gone = new ArrayList<>();
        for (CachedMessage cached : store.messages().list(user)) {
            if (!central.contains(cached.uid())) {
                gone.add(cached.uid());
            }
        }
        if (!gone.isEmpty()) {
            store.messages().remove(user, gone);
            counters.uidMismatches.add(gone.size());
        }
        return central.without(tombstones(user));
    }

    @Override
    public Set<String> tombstones(String user) {
        return store.deletes().pendingUids(user);
    }

    /** A store that cannot be read is a cache miss: the central server still has the message. */
    @Override
    public Optional<byte[]> content(String user, String uid) {
        try {
            return store.messages().content(user, uid);
        } catch (RuntimeException e) {
            LOG.warn("cache read of a message of {} failed; fetching it from the central server", user, e);
            return Optional.empty();
        }
    }

    /** Failing to keep a copy must not fail the download it came from. */
    @Override
    public void keep(String user, String uid, byte[] content) {
        if (!keepRetrieved) {
            return;
        }
        try {
            store.messages().put(user, uid, content, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("keeping a message of {} in the cache failed; it is served anyway", user, e);
        }
    }

    @Override
    public void deleted(String user, Collection<String> uids) {
        store.messages().remove(user, uids);
        for (String uid : uids) {
            store.deletes().done(user, uid);
        }
    }

    @Override
    public boolean queueDeletes(String user, Collection<String> uids) {
        // the tombstone first: once it is durable the message can never be served again
        store.deletes().enqueue(user, uids, clock.instant());
        store.messages().remove(user, uids);
        counters.deletesQueued.add(uids.size());
        return true;
    }

    @Override
    public MailboxState offline(String user, MailboxState lastKnown) {
        Set<String> hidden = tombstones(user);
        List<CachedMessage> cached = new ArrayList<>(store.messages().list(user));
        cached.sort(Comparator.comparing(CachedMessage::fetchedAt).thenComparing(CachedMessage::uid));
        // the central order as last seen first, then what was prefetched since
        Set<String> cachedUids = new HashSet<>();
        cached.forEach(c -> cachedUids.add(c.uid()));
        List<MailboxState.Message> listing = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (MailboxState.Message m : lastKnown.messages()) {
            if (!hidden.contains(m.uid()) && cachedUids.contains(m.uid())) {
                listing.add(m);
                listed.add(m.uid());
            }
        }
        for (CachedMessage c : cached) {
            if (!hidden.contains(c.uid()) && listed.add(c.uid())) {
                listing.add(new MailboxState.Message(c.uid(), c.size()));
            }
        }
        return MailboxState.of(listing);
    }

    @Override
    public void seen(String user) {
        store.users().recordSeen(user, nodeName, clock.instant());
    }
}
