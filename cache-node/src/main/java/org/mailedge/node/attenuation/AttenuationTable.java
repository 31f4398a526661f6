package org.mailedge.node.attenuation;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's hash table of users, held in memory as soft state: for each user whose
 * login the central server accepted, a password verifier, the lock flag and the last known
 * maildrop state. It decides which checks go through (time rule, adaptive time rule or
 * one-in-m, plus the demand rule of new-mail notifications and, when configured, the
 * {@linkplain FastCheck fast check}) and which are answered at the edge; docs/policies.md.
 *
 * <p>Pure logic over an injected {@link Clock}: no I/O, no threads of its own, so the same
 * code runs in the server, in unit tests and in a simulation over virtual time.
 *
 * <p>Entries are created only after the central server accepted a password, so failed
 * logins cannot grow the table.
 */
public final class AttenuationTable {

    private final ConcurrentHashMap<String, UserEntry> entries = new ConcurrentHashMap<>();
    private final ReleasePolicy policy;
    private final PasswordVerifier verifier;
    private final Clock clock;
    /** Null when fast check is off: then no check is recorded and nothing changes. */
    private final FastCheck fastCheck;

    public AttenuationTable(ReleasePolicy policy, PasswordVerifier verifier, Clock clock) {
        this(policy, verifier, clock, Optional.empty());
    }

    /**
     * @param fastCheck asked last, before a check would be answered at the edge; empty = off
     */
    public AttenuationTable(ReleasePolicy policy, PasswordVerifier verifier, Clock clock, Optional<FastCheck> fastCheck) {
        this.policy = policy;
        this.verifier = verifier;
        this.clock = clock;
        this.fastCheck = fastCheck.orElse(null);
    }

    /**
     * The seed's PASS event in the Authorization state: judge a login before the central
     * server is asked. {@link LoginVerdict.AnswerAtEdge} takes the lock; the other verdicts
     * take nothing.
     */
    public LoginVerdict onLogin(String user, String password) {
        UserEntry entry = entries.get(user);
        if (entry == null) {
            return new LoginVerdict.GoThrough(LoginVerdict.Reason.UNKNOWN_USER);
        }
        long now = clock.millis();
        synchronized (entry) {
            if (!verifier.matches(entry.verifier(), user, password)) {
                return new LoginVerdict.GoThrough(LoginVerdict.Reason.PASSWORD_NOT_VERIFIED);
            }
            if (entry.locked()) {
                return new LoginVerdict.InUse();
            }
            if (fastCheck != null) {
                fastCheck.record(entry, now);
            }
            if (entry.state() == null) {
                return new LoginVerdict.GoThrough(LoginVerdict.Reason.STATE_UNKNOWN);
            }
            if (entry.newMailSinceKnown()) {
                return new LoginVerdict.GoThrough(LoginVerdict.Reason.NEW_MAIL_NOTIFIED);
            }
            if (policy.releases(now, now - entry.knownAt(), entry.checksSinceRelease())) {
                return new LoginVerdict.GoThrough(LoginVerdict.Reason.POLICY);
            }
            if (fastCheck != null && fastCheck.rewards(entry, now)) {
                return new LoginVerdict.GoThrough(LoginVerdict.Reason.FAST_CHECK);
            }
            entry.countAnsweredAtEdge();
            entry.locked(true);
            return new LoginVerdict.AnswerAtEdge(entry.state(), new Lease(entry));
        }
    }

    /**
     * Whether another session holds the mailbox of a user whose password the edge can verify:
     * a check that goes through anyway (delay or off mode) is refused [IN-USE] at once, without
     * a central login.
     */
    public boolean lockedFor(String user, String password) {
        UserEntry entry = entries.get(user);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            return entry.locked() && verifier.matches(entry.verifier(), user, password);
        }
    }

    public ReleasePolicy policy() {
        return policy;
    }

    /**
     * After the central server accepted {@code password}: remember it (a changed password
     * replaces the old verifier at once) and take the lock.
     *
     * @return the lease, or empty when another session holds the mailbox ([IN-USE])
     */
    public Optional<Lease> acquireAfterCentralLogin(String user, String password) {
        UserEntry entry = entries.computeIfAbsent(user, u -> new UserEntry());
        PasswordVerifier.Verifier fresh = verifier.create(user, password);
        synchronized (entry) {
            entry.verifier(fresh);
            if (fastCheck != null) {
                fastCheck.recordFirst(entry, clock.millis());
            }
            if (entry.locked()) {
                return Optional.empty();
            }
            entry.countReleased();
            entry.locked(true);
            return Optional.of(new Lease(entry));
        }
    }

    /**
     * The central server is unreachable: a login the edge can verify itself (the password the
     * central server last accepted) takes the lock, so the session can be served from the cache.
     *
     * @return the lease, or empty when the edge cannot verify the password or the mailbox is in use
     */
    public Optional<Lease> acquireVerified(String user, String password) {
        UserEntry entry = entries.get(user);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            if (entry.locked() || !verifier.matches(entry.verifier(), user, password)) {
                return Optional.empty();
            }
            entry.locked(true);
            return Optional.of(new Lease(entry));
        }
    }

    /**
     * The demand rule: a notification says the user has new mail, so the user's next check
     * goes through. A session in progress keeps its answer; the check after it goes through.
     *
     * @return whether the edge knows the user (unknown users are only counted by the caller)
     */
    public boolean onNewMail(String user) {
        UserEntry entry = entries.get(user);
        if (entry == null) {
            return false;
        }
        long now = clock.millis();
        synchronized (entry) {
            entry.notifiedAt(now);
        }
        return true;
    }

    /** Drops the user's entry (an operator's "unthrottle"); the next check goes through. */
    public boolean forget(String user) {
        return entries.remove(user) != null;
    }

    public int size() {
        return entries.size();
    }

    /** A read-only view of one entry, for operators and tests. */
    public Optional<EntryView> view(String user) {
        UserEntry entry = entries.get(user);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            return Optional.of(new EntryView(
                    Optional.ofNullable(entry.state()),
                    entry.knownAt() == UserEntry.NEVER ? Optional.empty() : Optional.of(entry.knownAt()),
                    entry.newMailSinceKnown(),
                    entry.locked(),
                    entry.checksSinceRelease()));
        }
    }

    public record EntryView(Optional<MailboxState> state, Optional<Long> knownAtMillis,
                            boolean newMailPending, boolean locked, int checksSinceRelease) {}
}
