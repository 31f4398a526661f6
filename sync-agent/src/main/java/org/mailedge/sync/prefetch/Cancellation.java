package org.mailedge.sync.prefetch;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop a prefetch run early, checked before each user and each message.
 *
 * <p>A flag rather than {@link Thread#interrupt()}: an interrupt that lands while H2 is
 * writing closes its file channel ({@code ClosedByInterruptException}) and with it the
 * node's store, and a blocking socket read ignores it anyway. The run stops after the
 * message in flight, which the central server's read timeout bounds.
 */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
