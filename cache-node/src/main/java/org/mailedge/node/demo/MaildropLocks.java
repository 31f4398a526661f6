package org.mailedge.node.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The maildrop lock of the demo's central server (RFC 1939 §8): one POP3 session of a
 * maildrop at a time, and local delivery into a maildrop waits while a session has it open;
 * a session waits for a session or a delivery in progress before it starts (where RFC 1939
 * lets a server refuse it, this one makes it wait, as the demo's clients would only retry).
 *
 * <p>Why: a production POP3 server gives each session a fixed view of the maildrop, taken at
 * login (by a lock as here, or by a snapshot as Dovecot does), so message numbers, UIDL and
 * LIST agree for the whole session. GreenMail lists the live folder on every command, so a
 * message delivered between two commands of one session makes them disagree (the edge then
 * refuses the session as a protocol error), and another session's QUIT renumbers the
 * messages under a session's feet: a prefetch that listed UIDs 5, 6, 7 and then asks for
 * message 2 after UID 5 was expunged would get UID 7's text and store it as UID 6. The
 * mailbox of one subscriber has up to three sessions at once in the demo (the subscriber's
 * check through the edge, the edge's prefetch on a notification, the second device); that is
 * the central server misbehaving, not the edge, and this lock gives the edge the central
 * server it is designed for.
 *
 * <p>Both waits are bounded, so a session left open (a user's own client under
 * {@code --stay}) delays mail and other sessions by {@link #MAX_WAIT} at most and never stops them.
 */
final class MaildropLocks {

    /** Longest a delivery or a session waits for the maildrop; then it goes ahead anyway. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final Map<String, Integer> sessions = new HashMap<>();
    private final Set<String> delivering = new HashSet<>();

    /**
     * A POP3 session of {@code login} has logged in: waits until no other session and no
     * delivery holds the maildrop, then holds it until {@link #closeSession}.
     */
    synchronized void openSession(String login) {
        awaitWhile(() -> sessions.containsKey(login) || delivering.contains(login));
        sessions.merge(login, 1, Integer::sum);
    }

    synchronized void closeSession(String login) {
        sessions.computeIfPresent(login, (l, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    /** Waits until no POP3 session holds {@code login}'s maildrop and holds it for one delivery. */
    synchronized Delivery startDelivery(String login) {
        awaitWhile(() -> sessions.containsKey(login) || delivering.contains(login));
        delivering.add(login);
        return () -> endDelivery(login);
    }

    private synchronized void endDelivery(String login) {
        delivering.remove(login);
        notifyAll();
    }

    private void awaitWhile(BooleanSupplier held) {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        try {
            while (held.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            // the server is stopping: give up the wait, keep the flag for the caller's loop
            Thread.currentThread().interrupt();
        }
    }

    /** One delivery's hold on a maildrop; closing it lets sessions in. */
    interface Delivery extends AutoCloseable {
        @Override
        void close();
    }
}
