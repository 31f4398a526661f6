package org.mailedge.db.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NoticeLog} must do. An implementation's test implements this interface
 * and supplies a fresh, empty log per test.
 */
public interface NoticeLogContract {

    Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    Duration DAY = Duration.ofDays(1);

    /** A fresh, empty log. */
    NoticeLog log();

    /** The same log after a restart of whatever holds it. */
    NoticeLog reopened();

    @Test
    default void theFirstClaimOfAUserSucceedsAndIsRemembered() {
        assertThat(log().claim("alice", T0, T0.minus(DAY))).hasValue(new NoticeLog.Claim("alice", T0, Optional.empty()));
        assertThat(log().find("alice")).hasValue(new NoticeRecord("alice", Optional.of(T0), Optional.empty()));
    }

    @Test
    default void aSecondClaimWithinThePeriodFailsAndOneAfterItSucceeds() {
        log().claim("alice", T0, T0.minus(DAY));
        Instant hourLater = T0.plus(Duration.ofHours(1));
        assertThat(log().claim("alice", hourLater, hourLater.minus(DAY))).isEmpty();
        Instant dayLater = T0.plus(DAY);
        assertThat(log().claim("alice", dayLater, dayLater.minus(DAY)))
                .hasValue(new NoticeLog.Claim("alice", dayLater, Optional.of(T0)));
    }

    @Test
    default void aGivenBackClaimRestoresThePreviousTimeAndLeavesTheNoticePending() {
        log().claim("alice", T0, T0.minus(DAY));
        Instant dayLater = T0.plus(DAY);
        NoticeLog.Claim claim = log().claim("alice", dayLater, dayLater.minus(DAY)).orElseThrow();
        Instant attenuated = dayLater.minusSeconds(30);
        log().giveBack(claim, attenuated);
        assertThat(log().find("alice")).hasValue(new NoticeRecord("alice", Optional.of(T0), Optional.of(attenuated)));
        assertThat(log().pending()).extracting(NoticeRecord::user).containsExactly("alice");
        assertThat(log().claim("alice", dayLater.plusSeconds(60), dayLater.minus(DAY))).isPresent();
        assertThat(log().pending()).isEmpty();
    }

    @Test
    default void aFirstClaimGivenBackLeavesNoLastSentTime() {
        NoticeLog.Claim claim = log().claim("bob@isp.example", T0, T0.minus(DAY)).orElseThrow();
        log().giveBack(claim, T0);
        assertThat(log().find("bob@isp.example")).hasValue(new NoticeRecord("bob@isp.example", Optional.empty(), Optional.of(T0)));
    }

    @Test
    default void aMarkedPendingNoticeSurvivesARestartUntilCleared() {
        log().claim("alice", T0, T0.minus(DAY));
        log().markPending("alice", T0.plus(DAY));
        log().markPending("carol", T0);
        NoticeLog after = reopened();
        assertThat(after.pending()).containsExactly(
                new NoticeRecord("alice", Optional.of(T0), Optional.of(T0.plus(DAY))),
                new NoticeRecord("carol", Optional.empty(), Optional.of(T0)));
        after.clearPending("carol");
        assertThat(after.pending()).extracting(NoticeRecord::user).containsExactly("alice");
    }

    @Test
    default void theLastNoticeSurvivesARestart() {
        log().claim("alice", T0, T0.minus(DAY));
        NoticeLog after = reopened();
        Instant hourLater = T0.plus(Duration.ofHours(1));
        assertThat(after.claim("alice", hourLater, hourLater.minus(DAY))).isEmpty();
    }

    @Test
    default void concurrentClaimersOfOneUserGetOneClaim() throws Exception {
        NoticeLog log = log();
        int claimers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        try {
            for (int round = 0; round < 20; round++) {
                String user = "user" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<NoticeLog.Claim>>> results = new ArrayList<>();
                for (int i = 0; i < claimers; i++) {
                    Instant at = T0.plusMillis(i);
                    results.add(pool.submit(() -> {
                        start.await();
                        return log.claim(user, at, at.minus(DAY));
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Optional<NoticeLog.Claim>> r : results) {
                    won += r.get().isPresent() ? 1 : 0;
                }
                assertThat(won).as(user).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
