package org.mailedge.notify;

/**
 * Where the listener hands each recipient of an accepted notification.
 *
 * <p>It is called on the SMTP session thread, after the final {@code .} of DATA and before the
 * reply, once per distinct user, possibly from several sessions at the same time: an
 * implementation must be thread-safe and quick (the sending MTA waits for the reply).
 *
 * <p>If it throws, the listener answers {@code 451} and the sender retries the whole
 * notification, so users already handed over in that transaction are handed over again: calls
 * must be idempotent, which a "let the next POP check through" hint is.
 */
@FunctionalInterface
public interface NewMailSink {

    /**
     * @return true if the edge knows the user; the notification is accepted (and counted)
     *         either way
     */
    boolean onNewMail(NewMail event);
}
