package org.mailedge.node.attenuation;

/**
 * The mailbox lock one POP3 session holds (RFC 1939 §4 exclusive access; the seed's lock
 * flag). Ending the session must release it exactly once, saying what the session learned
 * of the maildrop; later calls are ignored, so a disconnect handler may release
 * unconditionally after QUIT did.
 */
public final class Lease {

    private final UserEntry entry;
    private boolean released;

    Lease(UserEntry entry) {
        this.entry = entry;
    }

    /**
     * Releases with the state the central server reported.
     *
     * @param knownAt epoch millis of the central login whose view {@code state} is: mail that
     *     arrived after it may be missing from {@code state}, so a notification after this
     *     instant still releases the next check
     */
    public void release(MailboxState state, long knownAt) {
        synchronized (entry) {
            if (released) {
                return;
            }
            released = true;
            entry.learn(state, knownAt);
            entry.locked(false);
        }
    }

    /** Releases without news of the maildrop (an attenuated session that never went upstream). */
    public void releaseUnchanged() {
        synchronized (entry) {
            if (released) {
                return;
            }
            released = true;
            entry.locked(false);
        }
    }

    /** Releases and forgets the state: the central server failed us, so the next check goes through. */
    public void releaseUnknown() {
        synchronized (entry) {
            if (released) {
                return;
            }
            released = true;
            entry.forgetState();
            entry.locked(false);
        }
    }
}
