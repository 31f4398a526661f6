package org.mailedge.node.attenuation;

/**
 * One row of the attenuation table: the seed's user-table entry (password attribute,
 * lock flag, last-known mailbox state, time stamp). Soft state: it is relearned from the
 * user's own next check after a restart. Guarded by its own monitor; only
 * {@link AttenuationTable} and its {@link Lease} touch it.
 *
 * <p>Fields are primitives and one shared-by-default reference so that a million tracked
 * users cost little heap; times are epoch milliseconds from the table's clock. The password
 * verifier is held as its three longs rather than as a {@link PasswordVerifier.Verifier}
 * object: the object's header and the reference to it cost 20 bytes per user (with the
 * padding, 24; docs/benchmarks.md measures the table).
 */
final class UserEntry {

    static final long NEVER = Long.MIN_VALUE;

    /** The {@link PasswordVerifier.Verifier} of the password last accepted; all zero until one is set. */
    private long verifierSalt;
    private long verifierHigh;
    private long verifierLow;
    /** When the central server last reported {@link #state}; {@link #NEVER} while unknown. */
    private long knownAt = NEVER;
    private long notifiedAt = NEVER;
    private MailboxState state;
    private int checksSinceRelease;
    private boolean locked;
    /** Fast check only ({@link FastCheck}): the last check, the intervals before it, the last reward. */
    private long lastCheckAt = NEVER;
    private long checkHistory = CheckHistory.EMPTY;
    private long fastCheckRewardAt = NEVER;

    /**
     * The verifier of the password the central server last accepted. Before the first one is
     * set (an entry another thread has just created) it is all zero, which no password matches
     * but with chance 2^-128.
     */
    PasswordVerifier.Verifier verifier() {
        return new PasswordVerifier.Verifier(verifierSalt, verifierHigh, verifierLow);
    }

    void verifier(PasswordVerifier.Verifier verifier) {
        this.verifierSalt = verifier.salt();
        this.verifierHigh = verifier.high();
        this.verifierLow = verifier.low();
    }

    long knownAt() {
        return knownAt;
    }

    long notifiedAt() {
        return notifiedAt;
    }

    void notifiedAt(long millis) {
        this.notifiedAt = millis;
    }

    MailboxState state() {
        return state;
    }

    void learn(MailboxState state, long knownAt) {
        this.state = state;
        this.knownAt = knownAt;
    }

    void forgetState() {
        this.state = null;
        this.knownAt = NEVER;
    }

    int checksSinceRelease() {
        return checksSinceRelease;
    }

    void countAnsweredAtEdge() {
        checksSinceRelease++;
    }

    void countReleased() {
        checksSinceRelease = 0;
    }

    boolean locked() {
        return locked;
    }

    void locked(boolean locked) {
        this.locked = locked;
    }

    /** True when a notification arrived after the state was learned (the demand rule). */
    boolean newMailSinceKnown() {
        return notifiedAt != NEVER && notifiedAt >= knownAt;
    }

    long lastCheckAt() {
        return lastCheckAt;
    }

    void lastCheckAt(long millis) {
        this.lastCheckAt = millis;
    }

    long checkHistory() {
        return checkHistory;
    }

    void checkHistory(long packed) {
        this.checkHistory = packed;
    }

    long fastCheckRewardAt() {
        return fastCheckRewardAt;
    }

    void fastCheckRewardAt(long millis) {
        this.fastCheckRewardAt = millis;
    }
}
