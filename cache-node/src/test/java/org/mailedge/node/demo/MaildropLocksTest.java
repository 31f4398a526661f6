package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One session of a maildrop at a time at the demo's central server, and deliveries wait for sessions. */
class MaildropLocksTest {

    private final MaildropLocks locks = new MaildropLocks();

    /** Starts {@code work} on its own thread and returns once that thread is parked waiting for a lock. */
    private static Thread startAndAwaitBlocked(Runnable work) {
        Thread thread = new Thread(work, "waiter");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.BLOCKED
                && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(thread.isAlive()).as("the waiter must block, not finish").isTrue();
            assertThat(System.nanoTime()).as("the waiter blocks within 4 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return thread;
    }

    @Test
    @Timeout(5)
    void aSecondSessionOfTheSameMaildropWaitsForTheFirstToClose() throws Exception {
        locks.openSession("sub0001");
        Thread second = startAndAwaitBlocked(() -> locks.openSession("sub0001"));

        locks.closeSession("sub0001");
        second.join(2000);
        assertThat(second.isAlive()).isFalse();
    }

    @Test
    @Timeout(5)
    void sessionsOfOtherMaildropsDoNotWait() throws Exception {
        locks.openSession("sub0001");

        CompletableFuture.runAsync(() -> locks.openSession("sub0002")).get(1, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(5)
    void aDeliveryWaitsForTheSessionAndTheNextSessionForTheDelivery() throws Exception {
        locks.openSession("sub0001");
        AtomicReference<MaildropLocks.Delivery> delivery = new AtomicReference<>();
        Thread deliverer = startAndAwaitBlocked(() -> delivery.set(locks.startDelivery("sub0001")));

        locks.closeSession("sub0001");
        deliverer.join(2000);
        assertThat(delivery.get()).isNotNull();
        Thread session = startAndAwaitBlocked(() -> locks.openSession("sub0001"));

        delivery.get().close();
        session.join(2000);
        assertThat(session.isAlive()).isFalse();
    }
}
