package org.mailedge.db.users;

import static org.assertj.core.api.Assertions.assertThat;

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
 * What every {@link UserDirectory} must do. An implementation's test implements this
 * interface and supplies a fresh, empty directory per test.
 */
public interface UserDirectoryContract {

    Instant T0 = Instant.parse("2025-03-01T02:00:00Z");

    /** A fresh, empty directory. */
    UserDirectory directory();

    @Test
    default void anUnknownUserIsNotFound() {
        assertThat(directory().find("nobody")).isEmpty();
    }

    @Test
    default void settingAHomeCreatesTheUserAndSettingItAgainMovesThem() {
        directory().setHome("alice", "edge-1");
        assertThat(directory().find("alice")).hasValue(
                new UserRecord("alice", Optional.of("edge-1"), Optional.empty(), Optional.empty(), Optional.empty()));
        directory().setHome("alice", "edge-2");
        assertThat(directory().find("alice").orElseThrow().homeNode()).hasValue("edge-2");
    }

    @Test
    default void aSessionOfAnUnknownUserCreatesThemWithoutAHome() {
        directory().recordSeen("bob", "edge-3", T0);
        assertThat(directory().find("bob")).hasValue(
                new UserRecord("bob", Optional.empty(), Optional.of("edge-3"), Optional.of(T0), Optional.empty()));
    }

    @Test
    default void eachRecordChangesOnlyItsOwnFields() {
        directory().setHome("alice", "edge-1");
        directory().recordSeen("alice", "edge-2", T0);
        directory().recordPrefetch("alice", T0.plusSeconds(60));
        directory().recordSeen("alice", "edge-3", T0.plusSeconds(120));
        assertThat(directory().find("alice")).hasValue(new UserRecord("alice", Optional.of("edge-1"),
                Optional.of("edge-3"), Optional.of(T0.plusSeconds(120)), Optional.of(T0.plusSeconds(60))));
    }

    @Test
    default void aPrefetchOfAnUnknownUserCreatesThem() {
        directory().recordPrefetch("carol", T0);
        assertThat(directory().find("carol").orElseThrow().lastPrefetchAt()).hasValue(T0);
    }

    /**
     * alice: home here, last seen here. bob: home here, last seen elsewhere. carol: home
     * elsewhere, last seen here. dave: home here, never seen. erin: home elsewhere, never seen.
     * frank: no home, last seen here. gina: no home, never seen (only prefetched).
     */
    private void populate() {
        directory().setHome("alice", "here");
        directory().recordSeen("alice", "here", T0);
        directory().setHome("bob", "here");
        directory().recordSeen("bob", "there", T0);
        directory().setHome("carol", "there");
        directory().recordSeen("carol", "here", T0);
        directory().setHome("dave", "here");
        directory().setHome("erin", "there");
        directory().recordSeen("frank", "here", T0);
        directory().recordPrefetch("gina", T0);
    }

    @Test
    default void homePlacementListsTheUsersWhoseHomeIsTheNode() {
        populate();
        assertThat(directory().placedAt("here", Placement.HOME)).containsExactly("alice", "bob", "dave");
    }

    @Test
    default void lastSeenPlacementListsUsersSeenThereAndNeverSeenUsersWhoseHomeIsThere() {
        populate();
        assertThat(directory().placedAt("here", Placement.LAST_SEEN)).containsExactly("alice", "carol", "dave", "frank");
        assertThat(directory().placedAt("there", Placement.LAST_SEEN)).containsExactly("bob", "erin");
    }

    @Test
    default void bothPlacementsTogetherAreTheUnion() {
        populate();
        assertThat(directory().placedAt("here", Placement.BOTH))
                .containsExactly("alice", "bob", "carol", "dave", "frank");
    }

    @Test
    default void aNodeNobodyIsPlacedAtGetsNobody() {
        populate();
        for (Placement p : Placement.values()) {
            assertThat(directory().placedAt("nowhere", p)).as(p.name()).isEmpty();
        }
    }

    @Test
    default void placedUsersAreInNameOrder() {
        for (String user : List.of("zoe", "Adam", "mike", "alice", "bob2", "bob10")) {
            directory().setHome(user, "here");
        }
        assertThat(directory().placedAt("here", Placement.HOME))
                .containsExactly("Adam", "alice", "bob10", "bob2", "mike", "zoe");
    }

    int ITERATIONS = 25;

    int THREADS = 8;

    @Test
    default void manyThreadsRecordingSessionsOfANewUserCreateItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                String user = "user-" + iteration;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        switch (thread % 3) {
                            case 0 -> directory().setHome(user, "home");
                            case 1 -> directory().recordSeen(user, "edge-" + thread, T0.plusSeconds(thread));
                            default -> directory().recordPrefetch(user, T0);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> r : results) {
                    r.get();
                }
                UserRecord record = directory().find(user).orElseThrow();
                assertThat(record.homeNode()).hasValue("home");
                assertThat(record.lastSeenNode()).isPresent();
                assertThat(record.lastPrefetchAt()).hasValue(T0);
                assertThat(directory().placedAt("home", Placement.HOME)).containsOnlyOnce(user);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
