package org.mailedge.db.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mailedge.db.users.UserDirectory;

/**
 * What every {@link MessageStore} must do. An implementation's test implements this
 * interface and supplies a fresh, empty store per test.
 */
public interface MessageStoreContract {

    Instant T0 = Instant.parse("2025-03-01T02:00:00Z");

    /** A fresh, empty store. */
    MessageStore store();

    /** The user directory of the same store (for last-seen ordering). */
    UserDirectory users();

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A message whose bytes depend on the seed only: every byte value, CRLF line ends. */
    static byte[] message(long seed, int size) {
        Random random = new Random(seed);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        for (int i = 78; i + 1 < size; i += 80) {
            bytes[i] = '\r';
            bytes[i + 1] = '\n';
        }
        return bytes;
    }

    @Test
    default void aNewMessageIsAddedAndReadBack() {
        assertThat(store().put("alice", "uid-1", ascii("Subject: hi\r\n\r\nhello\r\n"), T0)).isTrue();
        assertThat(store().content("alice", "uid-1")).hasValueSatisfying(
                c -> assertThat(c).isEqualTo(ascii("Subject: hi\r\n\r\nhello\r\n")));
    }

    @Test
    default void puttingAUidAlreadyCachedChangesNothingAndSaysSo() {
        store().put("alice", "uid-1", ascii("first\r\n"), T0);
        assertThat(store().put("alice", "uid-1", ascii("second, longer\r\n"), T0.plusSeconds(60))).isFalse();
        assertThat(store().content("alice", "uid-1")).hasValueSatisfying(
                c -> assertThat(c).isEqualTo(ascii("first\r\n")));
        assertThat(store().list("alice")).containsExactly(new CachedMessage("alice", "uid-1", 7, T0));
    }

    @Test
    default void everyByteValueAndCrlfAndDotLinesComeBackExactly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("From: a@example.org\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"));
        for (int b = 0; b < 256; b++) {
            out.write(b);
        }
        out.writeBytes(ascii("\r\n.\r\n..leading dot\r\nbare LF\nbare CR\r\u00ff\r\n"));
        byte[] content = out.toByteArray();
        store().put("alice", "8bit", content, T0);
        assertThat(store().content("alice", "8bit")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        assertThat(store().list("alice")).extracting(CachedMessage::size).containsExactly((long) content.length);
    }

    @Test
    default void aFiveMegabyteMessageComesBackWhole() {
        byte[] content = message(5, 5 * 1024 * 1024);
        assertThat(store().put("alice", "big", content, T0)).isTrue();
        assertThat(store().content("alice", "big")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        assertThat(store().bytes("alice")).isEqualTo(content.length);
    }

    @Test
    default void anEmptyMessageIsStoredAsEmpty() {
        store().put("alice", "empty", new byte[0], T0);
        assertThat(store().content("alice", "empty")).hasValueSatisfying(c -> assertThat(c).isEmpty());
    }

    @Test
    default void aMessageNotCachedHasNoContent() {
        store().put("alice", "uid-1", ascii("x\r\n"), T0);
        assertThat(store().content("alice", "uid-2")).isEmpty();
        assertThat(store().content("bob", "uid-1")).isEmpty();
    }

    @Test
    default void theSameUidOfTwoUsersIsTwoMessages() {
        store().put("alice", "1", ascii("for alice\r\n"), T0);
        assertThat(store().put("bob", "1", ascii("for bob\r\n"), T0)).isTrue();
        assertThat(store().content("alice", "1")).hasValueSatisfying(c -> assertThat(c).isEqualTo(ascii("for alice\r\n")));
        assertThat(store().content("bob", "1")).hasValueSatisfying(c -> assertThat(c).isEqualTo(ascii("for bob\r\n")));
    }

    @Test
    default void aListingShowsUidSizeAndFetchTimeOfThatUsersMessagesOnly() {
        store().put("alice", "a1", ascii("12345"), T0);
        store().put("alice", "a2", ascii("1234567890"), T0.plusSeconds(1));
        store().put("bob", "b1", ascii("123"), T0);
        assertThat(store().list("alice")).containsExactlyInAnyOrder(
                new CachedMessage("alice", "a1", 5, T0),
                new CachedMessage("alice", "a2", 10, T0.plusSeconds(1)));
        assertThat(store().list("carol")).isEmpty();
    }

    @Test
    default void fetchTimesAreKeptToTheMicrosecond() {
        Instant precise = Instant.parse("2025-03-01T02:00:00.123456789Z");
        store().put("alice", "a1", ascii("x"), precise);
        assertThat(store().list("alice")).extracting(CachedMessage::fetchedAt)
                .containsExactly(precise.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    default void removingDeletesOnlyTheNamedUidsIgnoresAbsentOnesAndCounts() {
        store().put("alice", "a1", ascii("1"), T0);
        store().put("alice", "a2", ascii("2"), T0);
        store().put("alice", "a3", ascii("3"), T0);
        store().put("bob", "a1", ascii("b"), T0);
        assertThat(store().remove("alice", List.of("a1", "a3", "never-cached"))).isEqualTo(2);
        assertThat(store().list("alice")).extracting(CachedMessage::uid).containsExactly("a2");
        assertThat(store().content("bob", "a1")).isPresent();
        assertThat(store().remove("alice", List.of())).isZero();
    }

    @Test
    default void aRemovedMessageCanBeCachedAgain() {
        store().put("alice", "a1", ascii("1"), T0);
        store().remove("alice", List.of("a1"));
        assertThat(store().put("alice", "a1", ascii("1"), T0)).isTrue();
    }

    @Test
    default void evictingAUserRemovesAllTheirMailAndNobodyElses() {
        store().put("alice", "a1", ascii("1"), T0);
        store().put("alice", "a2", ascii("2"), T0);
        store().put("bob", "b1", ascii("3"), T0);
        assertThat(store().removeUser("alice")).isEqualTo(2);
        assertThat(store().list("alice")).isEmpty();
        assertThat(store().list("bob")).hasSize(1);
        assertThat(store().removeUser("alice")).isZero();
    }

    @Test
    default void bytesAddUpPerUserAndInTotal() {
        assertThat(store().bytes("alice")).isZero();
        assertThat(store().totalBytes()).isZero();
        store().put("alice", "a1", new byte[100], T0);
        store().put("alice", "a2", new byte[250], T0);
        store().put("bob", "b1", new byte[7], T0);
        assertThat(store().bytes("alice")).isEqualTo(350);
        assertThat(store().bytes("bob")).isEqualTo(7);
        assertThat(store().totalBytes()).isEqualTo(357);
        store().remove("alice", List.of("a2"));
        assertThat(store().totalBytes()).isEqualTo(107);
    }

    @Test
    default void usersNeverSeenComeFirstThenTheLeastRecentlySeen() {
        store().put("recent", "1", ascii("x"), T0);
        store().put("old", "1", ascii("x"), T0);
        store().put("never-a", "1", ascii("x"), T0);
        store().put("never-b", "1", ascii("x"), T0);
        store().put("old", "2", ascii("x"), T0);
        users().recordSeen("recent", "edge-1", T0.plusSeconds(3600));
        users().recordSeen("old", "edge-2", T0.minusSeconds(3600));
        users().setHome("never-b", "edge-1");
        users().recordSeen("not-cached", "edge-1", T0.minusSeconds(99_999));
        assertThat(store().usersLeastRecentlySeenFirst()).containsExactly("never-a", "never-b", "old", "recent");
    }

    @Test
    default void aUserWhoseCacheWasEvictedIsNoLongerAnEvictionCandidate() {
        store().put("alice", "1", ascii("x"), T0);
        store().put("bob", "1", ascii("x"), T0);
        store().removeUser("alice");
        assertThat(store().usersLeastRecentlySeenFirst()).containsExactly("bob");
    }

    /** How often each concurrency scenario is repeated: races show up only over many runs. */
    int ITERATIONS = 25;

    /** Threads racing in each scenario (the machine has 2 cores: more threads than cores). */
    int THREADS = 8;

    @Test
    default void manyThreadsPuttingTheSameMessageStoreItExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                String uid = "same-" + iteration;
                byte[] content = message(iteration, 20_000 + iteration);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store().put("alice", uid, content, T0);
                    }));
                }
                start.countDown();
                int added = 0;
                for (Future<Boolean> r : results) {
                    added += r.get() ? 1 : 0;
                }
                assertThat(added).as("iteration %d", iteration).isEqualTo(1);
                assertThat(store().content("alice", uid)).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
            }
            assertThat(store().list("alice")).hasSize(ITERATIONS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void manyThreadsPuttingAndRemovingLeaveEachMessageWholeOrAbsent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            int keys = 6;
            Map<String, byte[]> contents = new ConcurrentHashMap<>();
            for (int k = 0; k < keys; k++) {
                contents.put("k" + k, message(1000 + k, 3_000 + 997 * k));
            }
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Void>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Random random = new Random(iteration * 31L + t);
                    String user = t % 2 == 0 ? "alice" : "bob";
                    Callable<Void> work = () -> {
                        start.await();
                        for (int op = 0; op < 10; op++) {
                            String uid = "k" + random.nextInt(keys);
                            switch (random.nextInt(4)) {
                                case 0 -> store().remove(user, List.of(uid));
                                case 1 -> assertThat(store().content(user, uid)).satisfiesAnyOf(
                                        c -> assertThat(c).isEmpty(),
                                        c -> assertThat(c).hasValue(contents.get(uid)));
                                default -> store().put(user, uid, contents.get(uid), T0);
                            }
                        }
                        return null;
                    };
                    results.add(pool.submit(work));
                }
                start.countDown();
                for (Future<Void> r : results) {
                    r.get();
                }
                for (String user : List.of("alice", "bob")) {
                    long listed = 0;
                    for (CachedMessage m : store().list(user)) {
                        assertThat(store().content(user, m.uid())).hasValue(contents.get(m.uid()));
                        assertThat(m.size()).isEqualTo(contents.get(m.uid()).length);
                        listed += m.size();
                    }
                    assertThat(store().bytes(user)).isEqualTo(listed);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
