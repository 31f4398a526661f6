package org.mailedge.sync.deletes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.deletes.PendingDelete;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.CentralSession;
import org.mailedge.sync.CentralUnavailableException;
import org.mailedge.sync.LoginResult;
import org.mailedge.sync.RemoteMessage;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.credentials.CentralLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the users' deletes from the durable {@code DeleteQueue} to the central server.
 *
 * <p>Two ways, one rule. {@link #flushInSession} runs inside a subscriber's own central
 * session at the subscriber's QUIT, so that the deletes usually reach the central server in
 * the same session, as the user expects. {@link #retryDue()} runs in the background for
 * whatever is left, with the edge's own {@link CentralCredentials}, backing off 30 s doubling
 * up to 1 h ({@link Backoff}). The rule: a DELE is sent only for a UID taken from the queue,
 * for the message number that UID has in the listing of the session sending the DELE; an
 * entry is done only after a {@code +OK} to that session's QUIT, or when the listing no longer
 * names the UID (then no DELE is sent at all). A UID is never trusted across sessions by
 * number, so a renumbered maildrop cannot turn a queued delete into the wrong message's.
 *
 * <p>Sessions for different users are independent, so a pass continues past a user whose
 * login is refused; but when the central server cannot be reached at all (connect failure),
 * the pass stops: the other users' entries are left due, not charged an attempt, and the next
 * pass tries again. A dead server thus costs one connect attempt per pass, not one per user.
 *
 * <p>Thread-safe (it keeps no state between calls). A background pass and a subscriber's
 * session may race on the same user; the central server's maildrop lock serialises them
 * ({@code [IN-USE]}, counted as a failure with back-off), and the second to look sees the UID
 * gone and marks it done without DELE.
 */
public final class DeletePropagator {

    private static final Logger LOG = LoggerFactory.getLogger(DeletePropagator.class);

    /** Entries per background pass: bounds one pass's duration, not the queue. */
    public static final int DEFAULT_BATCH = 100;

    private final EdgeStore store;
    private final CentralEndpoint endpoint;
    private final CentralCredentials credentials;
    private final Clock clock;

    public DeletePropagator(EdgeStore store, CentralEndpoint endpoint, CentralCredentials credentials, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Marks for deletion, in a subscriber's session, every queued delete of {@code user}
     * (due or backing off) whose UID {@code listing} names; entries whose UID it does not name
     * are gone centrally and are marked done now, without DELE. Call it at the subscriber's
     * QUIT, after queueing that session's deletes, then QUIT the central session and pass the
     * reply to {@link Flush#commit(String)}.
     *
     * @param loggedIn a central session of {@code user} in TRANSACTION state in which no DELE
     *                 has been sent yet
     * @param listing  {@code loggedIn.listing()}: the numbers are only valid in that session
     * @throws CentralUnavailableException if the session failed; it has been closed without
     *                                     QUIT, so nothing was deleted and every entry stays
     *                                     queued
     */
    public Flush flushInSession(String user, CentralSession loggedIn, List<RemoteMessage> listing)
            throws CentralUnavailableException {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(loggedIn, "loggedIn");
        Map<String, Integer> numbers = numbersByUid(listing);
        List<String> marked = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (PendingDelete entry : store.deletes().pending(user)) {
            Integer number = numbers.get(entry.uid());
            if (number == null) {
                markGone(user, entry.uid());
                gone.add(entry.uid());
            } else if (loggedIn.delete(number)) {
                marked.add(entry.uid());
            } else {
                refused.add(entry.uid());
            }
        }
        if (!refused.isEmpty()) {
            LOG.warn("deletes of {}: the central server refused DELE for {} messages; they stay queued", user,
                    refused.size());
        }
        return new Flush(store, user, marked, refused, gone);
    }

    /** {@link #retryDue(int)} with {@link #DEFAULT_BATCH}. */
    public RetryReport retryDue() {
        return retryDue(DEFAULT_BATCH);
    }

    /**
     * One background pass: the due entries ({@code DeleteQueue.due(now, limit)}), grouped by
     * user; for each user one central session with the edge's credentials: UIDL, DELE of the
     * queued UIDs it names, QUIT, and done only after QUIT {@code +OK}. Failures are
     * rescheduled with {@link Backoff}.
     */
    public RetryReport retryDue(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        Instant now = clock.instant();
        Map<String, List<PendingDelete>> byUser = new LinkedHashMap<>();
        for (PendingDelete entry : store.deletes().due(now, limit)) {
            byUser.computeIfAbsent(entry.user(), user -> new ArrayList<>()).add(entry);
        }
        Tally tally = new Tally();
        List<Map.Entry<String, List<PendingDelete>>> users = new ArrayList<>(byUser.entrySet());
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i).getKey();
            List<PendingDelete> entries = users.get(i).getValue();
            if (!retryUser(user, entries, now, tally)) {
                for (int j = i + 1; j < users.size(); j++) {
                    tally.deferred += users.get(j).getValue().size();
                }
                break;
            }
        }
        RetryReport report = new RetryReport(tally.deleted, tally.gone, tally.failed, tally.deferred);
        if (!report.equals(RetryReport.NOTHING)) {
            LOG.info("delete retry: {} deleted, {} already gone, {} failed, {} deferred", report.deleted(),
                    report.alreadyGone(), report.failed(), report.deferred());
        }
        return report;
    }

    /** @return false if the central server could not be reached at all, to end the pass */
    private boolean retryUser(String user, List<PendingDelete> entries, Instant now, Tally tally) {
        Optional<CentralLogin> login = credentials.forUser(user);
        if (login.isEmpty()) {
            LOG.warn("deletes of {}: no central credentials for this user ({}); {} deletes wait", user,
                    credentials.describe(), entries.size());
            fail(entries, now, tally);
            return true;
        }
        CentralSession session;
        try {
            session = CentralSession.open(endpoint);
        } catch (CentralUnavailableException e) {
            LOG.warn("deletes of {}: central server unreachable ({}); retrying later", user, e.getMessage());
            fail(entries, now, tally);
            return false;
        }
        List<PendingDelete> unresolved = new ArrayList<>(entries);
        try (session) {
            LoginResult result = session.login(login.get().loginName(), login.get().password());
            if (result instanceof LoginResult.Refused refused) {
                // Only the response code: the rest of a reply to PASS may echo the password.
                LOG.warn("deletes of {}: the central server refused the login{}; {} deletes wait", user,
                        refused.responseCode().map(code -> " [" + code + "]").orElse(""), entries.size());
                fail(entries, now, tally);
                return true;
            }
            Map<String, Integer> numbers = numbersByUid(session.listing());
            List<PendingDelete> marked = new ArrayList<>();
            for (PendingDelete entry : entries) {
                Integer number = numbers.get(entry.uid());
                if (number == null) {
                    markGone(user, entry.uid());
                    unresolved.remove(entry);
                    tally.gone++;
                } else if (session.delete(number)) {
                    marked.add(entry);
                } else {
                    LOG.warn("deletes of {}: the central server refused DELE; the delete waits", user);
                    fail(List.of(entry), now, tally);
                    unresolved.remove(entry);
                }
            }
            if (marked.isEmpty()) {
                // Nothing marked: leave without QUIT, so the visit changes nothing at all centrally.
                return true;
            }
            String reply = session.quit();
            if (reply.startsWith("+OK")) {
                for (PendingDelete entry : marked) {
                    store.deletes().done(user, entry.uid());
                }
                store.messages().remove(user, marked.stream().map(PendingDelete::uid).toList());
                tally.deleted += marked.size();
            } else {
                LOG.warn("deletes of {}: QUIT answered \"{}\"; {} deletes wait", user, ServerText.excerpt(reply),
                        marked.size());
                fail(marked, now, tally);
            }
            unresolved.removeAll(marked);
            return true;
        } catch (CentralUnavailableException e) {
            // Closed without QUIT (or QUIT unanswered): what was marked may or may not be
            // deleted; the next attempt's listing will tell.
            LOG.warn("deletes of {}: central session failed ({}); retrying later", user, e.getMessage());
            fail(unresolved, now, tally);
            return true;
        }
    }

    private void markGone(String user, String uid) {
        store.deletes().done(user, uid);
        store.messages().remove(user, List.of(uid));
    }

    private void fail(List<PendingDelete> entries, Instant now, Tally tally) {
        for (PendingDelete entry : entries) {
            store.deletes().failed(entry.id(), now.plus(Backoff.delayAfterFailure(entry.attempts())));
            tally.failed++;
        }
    }

    private static Map<String, Integer> numbersByUid(List<RemoteMessage> listing) {
        Objects.requireNonNull(listing, "listing");
        Map<String, Integer> numbers = new HashMap<>();
        for (RemoteMessage message : listing) {
            if (numbers.put(message.uid(), message.number()) != null) {
                // CentralSession.listing() refuses such listings; a hand-made one must not slip through.
                throw new IllegalArgumentException("listing names a UID twice; refusing to delete by it");
            }
        }
        return numbers;
    }

    private static final class Tally {
        private int deleted;
        private int gone;
        private int failed;
        private int deferred;
    }
}
