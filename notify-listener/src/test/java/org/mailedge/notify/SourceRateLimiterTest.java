package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void theLimitIsGrantedAndTheNextAttemptInTheSameMinuteIsRefused() {
        SourceRateLimiter limiter = new SourceRateLimiter(3, clock);

        assertThat(attempts(limiter, ip("192.0.2.1"), 4)).containsExactly(true, true, true, false);
    }

    @Test
    void aNewWindowOpensOneMinuteAfterTheFirstTransaction() {
        SourceRateLimiter limiter = new SourceRateLimiter(2, clock);
        attempts(limiter, ip("192.0.2.1"), 3);

        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.tryAcquire(ip("192.0.2.1"))).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(attempts(limiter, ip("192.0.2.1"), 3)).containsExactly(true, true, false);
    }

    @Test
    void eachSourceHasItsOwnWindow() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, clock);

        assertThat(limiter.tryAcquire(ip("192.0.2.1"))).isTrue();
        assertThat(limiter.tryAcquire(ip("192.0.2.2"))).isTrue();
        assertThat(limiter.tryAcquire(ip("192.0.2.1"))).isFalse();
    }

    @Test
    void aClockThatJumpsBackwardsDoesNotLockASourceOut() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, clock);
        limiter.tryAcquire(ip("192.0.2.1"));

        clock.advance(Duration.ofHours(-1));

        assertThat(limiter.tryAcquire(ip("192.0.2.1"))).isTrue();
    }

    @Test
    void manyRefusedAttemptsDoNotOverflowTheCount() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, clock);

        List<Boolean> results = attempts(limiter, ip("192.0.2.1"), 10_000);

        assertThat(results).containsOnlyOnce(true);
        clock.advance(SourceRateLimiter.WINDOW);
        assertThat(limiter.tryAcquire(ip("192.0.2.1"))).isTrue();
    }

    @RepeatedTest(20)
    void concurrentAttemptsFromOneSourceAreGrantedExactlyTheLimit() throws Exception {
        int limit = 50;
        int threads = 8;
        int attemptsPerThread = 25;
        SourceRateLimiter limiter = new SourceRateLimiter(limit, clock);
        InetAddress source = ip("192.0.2.1");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> granted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> worker = () -> {
                    start.await();
                    int count = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (limiter.tryAcquire(source)) {
                            count++;
                        }
                    }
                    return count;
                };
                granted.add(pool.submit(worker));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : granted) {
                total += future.get();
            }
            assertThat(total).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Boolean> attempts(SourceRateLimiter limiter, InetAddress source, int count) {
        List<Boolean> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(limiter.tryAcquire(source));
        }
        return results;
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
