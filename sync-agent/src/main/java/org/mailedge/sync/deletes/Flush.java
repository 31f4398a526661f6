package org.mailedge.sync.deletes;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailedge.db.EdgeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deletes {@link DeletePropagator#flushInSession} marked in a central session, waiting
 * for that session's QUIT.
 *
 * <p>DELE only marks; the central server removes the messages when QUIT moves it to the
 * UPDATE state (RFC 1939 §6), and a {@code -ERR} to QUIT ("some deleted messages not
 * removed") or no reply at all means they may still be there. So the queue entries are
 * marked done only by {@link #commit(String)}, which takes the QUIT reply and does nothing
 * unless it is {@code +OK}:
 * <pre>{@code
 * Flush flush = propagator.flushInSession(user, session, listing);
 * flush.commit(session.quit());   // quit() threw? nothing is marked done; the retry will see
 * }</pre>
 * Entries left queued are harmless: the background retry looks the UIDs up again and marks
 * done, without any DELE, those the central server no longer lists.
 *
 * @see DeletePropagator
 */
public final class Flush {

    private static final Logger LOG = LoggerFactory.getLogger(Flush.class);

    private final EdgeStore store;
    private final String user;
    private final List<String> marked;
    private final List<String> refused;
    private final List<String> alreadyGone;
    private final AtomicBoolean committed = new AtomicBoolean();

    Flush(EdgeStore store, String user, List<String> marked, List<String> refused, List<String> alreadyGone) {
        this.store = store;
        this.user = user;
        this.marked = List.copyOf(marked);
        this.refused = List.copyOf(refused);
        this.alreadyGone = List.copyOf(alreadyGone);
    }

    public String user() {
        return user;
    }

    /** UIDs whose DELE got {@code +OK} in the session: deleted once QUIT succeeds. */
    public List<String> markedUids() {
        return marked;
    }

    /** UIDs whose DELE got {@code -ERR}: still queued, for the retry. */
    public List<String> refusedUids() {
        return refused;
    }

    /** UIDs the session's listing did not name: already gone centrally, marked done without DELE. */
    public List<String> alreadyGoneUids() {
        return alreadyGone;
    }

    /** Whether any DELE was sent, i.e. whether the QUIT reply matters. */
    public boolean isEmpty() {
        return marked.isEmpty();
    }

    /**
     * Marks the deleted messages done (and removes their content from the cache) if, and
     * only if, the session's QUIT was answered {@code +OK}. Idempotent.
     *
     * @param quitReplyLine what {@code CentralSession.quit()} returned
     * @return whether the deletes were committed
     */
    public boolean commit(String quitReplyLine) {
        Objects.requireNonNull(quitReplyLine, "quitReplyLine");
        if (!quitReplyLine.startsWith("+OK")) {
            if (!marked.isEmpty()) {
                LOG.warn("deletes of {}: QUIT answered \"{}\"; {} deletes stay queued for retry", user,
                        ServerText.excerpt(quitReplyLine), marked.size());
            }
            return false;
        }
        if (committed.compareAndSet(false, true) && !marked.isEmpty()) {
            for (String uid : marked) {
                store.deletes().done(user, uid);
            }
            store.messages().remove(user, marked);
            LOG.info("deletes of {}: {} committed at the central server", user, marked.size());
        }
        return true;
    }
}
