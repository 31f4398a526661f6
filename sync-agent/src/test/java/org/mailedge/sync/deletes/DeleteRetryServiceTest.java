package org.mailedge.sync.deletes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeleteRetryServiceTest {

    @Test
    void passesRepeatAndAFailedPassDoesNotStopTheNextOnes() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch thirdPass = new CountDownLatch(1);
        Runnable pass = () -> {
            if (passes.incrementAndGet() == 1) {
                throw new IllegalStateException("store briefly unavailable");
            }
            if (passes.get() == 3) {
                thirdPass.countDown();
            }
        };

        try (DeleteRetryService service = DeleteRetryService.start(pass, Duration.ofMillis(5))) {
            assertThat(thirdPass.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeEndsTheRetryThread() throws Exception {
        CountDownLatch firstPass = new CountDownLatch(1);
        DeleteRetryService service = DeleteRetryService.start(firstPass::countDown, Duration.ofMillis(5));
        assertThat(firstPass.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> retryThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("delete-retry")).toList();
        assertThat(retryThreads).isNotEmpty();

        service.close();

        for (Thread thread : retryThreads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }
    }
}
