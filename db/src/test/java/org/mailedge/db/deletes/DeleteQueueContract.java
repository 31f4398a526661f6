package org.mailedge.db.deletes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeleteQueue} must do. An implementation's test implements this interface
 * and supplies a fresh, empty queue per test.
 */
public interface DeleteQueueContract {

    Instant T0 = Instant.parse("2025-03-01T02:00:00Z");

    /** A fresh, empty queue. */
    DeleteQueue queue();

    @Test
    default void queuedDeletesArePendingAndDueAtOnce() {
        queue().enqueue("alice", List.of("u1", "u2"), T0);
        assertThat(queue().pendingUids("alice")).containsExactlyInAnyOrder("u1", "u2");
        assertThat(queue().due(T0, 10)).extracting(PendingDelete::uid).containsExactlyInAnyOrder("u1", "u2");
        assertThat(queue().due(T0, 10)).allSatisfy(d -> {
            assertThat(d.user()).isEqualTo("alice");
            assertThat(d.queuedAt()).isEqualTo(T0);
            assertThat(d.nextAttemptAt()).isEqualTo(T0);
            assertThat(d.attempts()).isZero();
        });
    }

    @Test
    default void queuingTheSameUidAgainKeepsTheFirstEntry() {
        queue().enqueue("alice", List.of("u1"), T0);
        queue().failed(queue().pending("alice").get(0).id(), T0.plusSeconds(60));
        queue().enqueue("alice", List.of("u1", "u2"), T0.plusSeconds(5));
        List<PendingDelete> pending = queue().pending("alice");
        assertThat(pending).hasSize(2);
        assertThat(pending.get(0)).satisfies(d -> {
            assertThat(d.uid()).isEqualTo("u1");
            assertThat(d.queuedAt()).isEqualTo(T0);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    default void aUidRepeatedInOneCallIsQueuedOnce() {
        queue().enqueue("alice", List.of("u1", "u1", "u2"), T0);
        assertThat(queue().size()).isEqualTo(2);
    }

    @Test
    default void queuingNothingChangesNothing() {
        queue().enqueue("alice", List.of(), T0);
        assertThat(queue().size()).isZero();
    }

    @Test
    default void theSameUidOfTwoUsersIsTwoEntries() {
        queue().enqueue("alice", List.of("1"), T0);
        queue().enqueue("bob", List.of("1"), T0);
        assertThat(queue().size()).isEqualTo(2);
        assertThat(queue().pendingUids("bob")).containsExactly("1");
    }

    @Test
    default void dueEntriesComeOldestQueuedFirstUpToTheLimit() {
        queue().enqueue("carol", List.of("c"), T0.plusSeconds(2));
        queue().enqueue("alice", List.of("a"), T0);
        queue().enqueue("bob", List.of("b"), T0.plusSeconds(1));
        Instant now = T0.plusSeconds(10);
        assertThat(queue().due(now, 10)).extracting(PendingDelete::user).containsExactly("alice", "bob", "carol");
        assertThat(queue().due(now, 2)).extracting(PendingDelete::user).containsExactly("alice", "bob");
        assertThat(queue().due(now, 0)).isEmpty();
    }

    @Test
    default void anEntryIsNotDueBeforeItsNextAttempt() {
        queue().enqueue("alice", List.of("u1"), T0);
        PendingDelete entry = queue().due(T0, 1).get(0);
        queue().failed(entry.id(), T0.plusSeconds(30));
        assertThat(queue().due(T0.plusSeconds(29), 10)).isEmpty();
        assertThat(queue().due(T0.plusSeconds(30), 10)).extracting(PendingDelete::uid).containsExactly("u1");
        assertThat(queue().pendingUids("alice")).as("still a tombstone while it waits").containsExactly("u1");
    }

    @Test
    default void aFailedAttemptIsCountedEachTime() {
        queue().enqueue("alice", List.of("u1"), T0);
        long id = queue().pending("alice").get(0).id();
        queue().failed(id, T0.plusSeconds(1));
        queue().failed(id, T0.plusSeconds(4));
        queue().failed(id, T0.plusSeconds(16));
        assertThat(queue().pending("alice").get(0)).satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.nextAttemptAt()).isEqualTo(T0.plusSeconds(16));
        });
    }

    @Test
    default void doneRemovesTheEntryAndItsTombstoneOnly() {
        queue().enqueue("alice", List.of("u1", "u2"), T0);
        queue().enqueue("bob", List.of("u1"), T0);
        queue().done("alice", "u1");
        assertThat(queue().pendingUids("alice")).containsExactly("u2");
        assertThat(queue().pendingUids("bob")).containsExactly("u1");
        queue().done("alice", "never-queued");
        assertThat(queue().size()).isEqualTo(2);
    }

    @Test
    default void aUserWithNothingQueuedHasNoTombstones() {
        queue().enqueue("alice", List.of("u1"), T0);
        assertThat(queue().pendingUids("bob")).isEmpty();
        assertThat(queue().pending("bob")).isEmpty();
    }

    @Test
    default void aUsersEntriesAreListedOldestFirst() {
        queue().enqueue("alice", List.of("late"), T0.plusSeconds(9));
        queue().enqueue("alice", List.of("early"), T0);
        queue().enqueue("bob", List.of("other"), T0.plusSeconds(1));
        assertThat(queue().pending("alice")).extracting(PendingDelete::uid).containsExactly("early", "late");
    }

    /** How often each concurrency scenario is repeated: races show up only over many runs. */
    int ITERATIONS = 25;

    int THREADS = 8;

    @Test
    default void manyThreadsQueuingOverlappingDeletesKeepOneEntryPerUid() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                String user = "user-" + iteration;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    // each thread queues u0..u4 and one UID of its own, in a different order
                    List<String> uids = new ArrayList<>(List.of("u0", "u1", "u2", "u3", "u4", "own-" + t));
                    java.util.Collections.rotate(uids, t);
                    results.add(pool.submit(() -> {
                        start.await();
                        queue().enqueue(user, uids, T0);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> r : results) {
                    r.get();
                }
                assertThat(queue().pending(user)).as("iteration %d", iteration).hasSize(5 + THREADS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
