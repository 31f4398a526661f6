package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One session of a maildrop at a time at the demo's central server, and deliveries wait for sessions. */
class MaildropLocksTest {

    private final MaildropLocks locks = new MaildropLocks();

    @Test
    @Timeout(5)
    void aSecondSessionOfTheSameMaildropWaitsForTheFirstToClose() throws Exception {
        locks.openSession("sub0001");
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> locks.openSession("sub0001"));

        Thread.sleep(200);
        assertThat(second).isNotDone();

        locks.closeSession("sub0001");
        second.get(2, TimeUnit.SECONDS);
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
        CompletableFuture<MaildropLocks.Delivery> delivery = CompletableFuture.supplyAsync(() -> locks.startDelivery("sub0001"));
        Thread.sleep(200);
        assertThat(delivery).isNotDone();

        locks.closeSession("sub0001");
        MaildropLocks.Delivery held = delivery.get(2, TimeUnit.SECONDS);
        CompletableFuture<Void> session = CompletableFuture.runAsync(() -> locks.openSession("sub0001"));
        Thread.sleep(200);
        assertThat(session).isNotDone();

        held.close();
        session.get(2, TimeUnit.SECONDS);
    }
}
