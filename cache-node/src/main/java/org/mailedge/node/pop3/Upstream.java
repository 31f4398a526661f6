package org.mailedge.node.pop3;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.CentralSession;
import org.mailedge.sync.CentralUnavailableException;
import org.mailedge.sync.LoginResult;
import org.mailedge.sync.MailboxStat;
import org.mailedge.sync.RemoteMessage;
import org.mailedge.sync.origin.ClientOrigin;
import org.mailedge.sync.origin.OriginForwarding;

/**
 * One logged-in session at the central server on a subscriber's behalf, and the central
 * server's view of the maildrop at login. Blocking: used only from the central-I/O workers,
 * one call at a time per subscriber session.
 */
final class Upstream {

    private final CentralSession session;
    private final long loginAt;
    private final MailboxState state;
    private final Map<String, Integer> numbersByUid;

    private Upstream(CentralSession session, long loginAt, List<RemoteMessage> listing) {
        this.session = session;
        this.loginAt = loginAt;
        this.state = toState(listing);
        this.numbersByUid = new HashMap<>();
        for (RemoteMessage m : listing) {
            numbersByUid.put(m.uid(), m.number());
        }
    }

    /** What came of trying to open a session at the central server. */
    sealed interface Outcome {
        record Opened(Upstream upstream) implements Outcome {}

        record Refused(LoginResult.Refused refusal) implements Outcome {}

        record Unavailable(CentralUnavailableException cause) implements Outcome {}
    }

    /**
     * Connects (handing on the subscriber's address as {@code forwarding} says), logs in
     * and reads UIDL and LIST. The login instant is taken before USER is
     * sent: mail that arrives after it may be missing from the listing.
     */
    static Outcome open(CentralEndpoint endpoint, OriginForwarding forwarding, ClientOrigin origin,
                        String user, String password, Clock clock) {
        CentralSession session = null;
        try {
            session = CentralSession.open(endpoint, forwarding, origin);
            long loginAt = clock.millis();
            LoginResult result = session.login(user, password);
            if (result instanceof LoginResult.Refused refused) {
                session.close();
                return new Outcome.Refused(refused);
            }
            return new Outcome.Opened(new Upstream(session, loginAt, session.listing()));
        } catch (CentralUnavailableException e) {
            if (session != null) {
                session.close();
            }
            return new Outcome.Unavailable(e);
        }
    }

    MailboxState state() {
        return state;
    }

    long loginAt() {
        return loginAt;
    }

    /** @return the message, or empty when the central server no longer has that UID */
    Optional<byte[]> retrieve(String uid) throws CentralUnavailableException {
        Integer number = numbersByUid.get(uid);
        return number == null ? Optional.empty() : session.retrieve(number, uid);
    }

    /** @return headers and {@code lines} body lines, or empty when the central server no longer has that UID */
    Optional<byte[]> top(String uid, int lines) throws CentralUnavailableException {
        Integer number = numbersByUid.get(uid);
        return number == null ? Optional.empty() : session.top(number, lines, uid);
    }

    /** True when the central server's UIDL at login names {@code uid}. */
    boolean names(String uid) {
        return numbersByUid.containsKey(uid);
    }

    /**
     * The UPDATE state at the central server: deletes {@code uids} (each only if this
     * session's UIDL still names it, so a renumbered maildrop never loses the wrong
     * message), then holds the QUIT to ask STAT and UIDL what remains (the seed's
     * deterministic check), then QUITs so the central server commits.
     */
    Commit commit(Collection<String> uids) throws CentralUnavailableException {
        Set<String> removed = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (String uid : uids) {
            Integer number = numbersByUid.get(uid);
            if (number == null || session.delete(number)) {
                removed.add(uid); // absent: already gone at the central server
            } else {
                refused.add(uid);
            }
        }
        MailboxStat stat = session.stat();
        List<RemoteMessage> listing = session.listing();
        String reply = session.quit();
        session.close();
        if (!reply.startsWith("+OK")) {
            throw new CentralUnavailableException("the central server did not confirm QUIT, so its deletes are not committed");
        }
        // a STAT that disagrees with UIDL means the maildrop changed under us: learn nothing
        MailboxState remaining = stat.count() == listing.size() ? toState(listing) : null;
        return new Commit(remaining, removed, refused);
    }

    /**
     * Ends a central session that has nothing to commit with QUIT, for a central server that
     * logs sessions ended without it as aborted. Failures are of no consequence: nothing was
     * to be deleted.
     */
    void quitQuietly() {
        try {
            session.quit();
        } catch (CentralUnavailableException | RuntimeException e) {
            // nothing to commit, so nothing lost
        } finally {
            session.close();
        }
    }

    /** Ends the central session without QUIT (RFC 1939 §6: no UPDATE, nothing deleted). */
    void abort() {
        session.close();
    }

    /**
     * A confirmed UPDATE at the central server.
     *
     * @param remaining what the central server holds after it, or null if unknown
     * @param removed UIDs the central server no longer holds
     * @param refused UIDs whose DELE the central server refused
     */
    record Commit(MailboxState remaining, Set<String> removed, Set<String> refused) {}

    private static MailboxState toState(List<RemoteMessage> listing) {
        List<MailboxState.Message> messages = new ArrayList<>(listing.size());
        for (RemoteMessage m : listing) {
            messages.add(new MailboxState.Message(m.uid(), m.size()));
        }
        return MailboxState.of(messages);
    }
}
