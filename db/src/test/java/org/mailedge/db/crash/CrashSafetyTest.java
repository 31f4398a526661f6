package org.mailedge.db.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.db.StoreConfig;
import org.mailedge.db.cache.CachedMessage;

/**
 * Kills a writing process with SIGKILL and checks the store it leaves: every message and
 * delete it reported committed is there, every message is byte-identical to what was put,
 * and none is partial. Several rounds on the same data directory, each ended by a kill and
 * followed by a clean open and close: that crash-restart-crash cycle is where H2 2.5.252
 * alone lost committed transactions (db/README.md, "Durability"), so the test keeps it.
 */
class CrashSafetyTest {

    /** Rounds of write-and-kill on one data directory. */
    private static final int ROUNDS = 5;

    /** Committed writes to wait for before the kill; grows per round to vary the moment. */
    private static final int WRITES_BEFORE_KILL = 60;

    /** Exit status of a process killed by SIGKILL (128 + 9). */
    private static final int KILLED_BY_SIGKILL = 137;

    @TempDir
    Path dataDirectory;

    @TempDir
    Path logs;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void committedMessagesAndDeletesSurviveSigkillWholeAndNoMessageIsPartial() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = "r" + round + "-";
            Path stderr = logs.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(javaExecutable(), "-cp", testClassPath(),
                    CrashWriter.class.getName(), dataDirectory.toString(), prefix)
                    .redirectError(stderr.toFile())
                    .start();
            List<String> committedMessages = new ArrayList<>();
            List<String> committedDeletes = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                // the child's log lines share its stdout: skip them up to READY
                for (String line = ""; !CrashWriter.READY.equals(line); ) {
                    line = lines.readLine();
                    assertThat(line).as("child start; stderr: %s", read(stderr)).isNotNull();
                }
                int wanted = WRITES_BEFORE_KILL + 37 * round;
                while (committedMessages.size() + committedDeletes.size() < wanted) {
                    String line = lines.readLine();
                    assertThat(line).as("child died early; stderr: %s", read(stderr)).isNotNull();
                    record(line, committedMessages, committedDeletes);
                }
                // SIGKILL while the child is writing. Process.destroyForcibly closes our end of
                // its stdout, so lines still in the pipe go unread: those entries are checked
                // only by "every message present is whole", which is all they were promised.
                child.destroyForcibly();
            }
            assertThat(child.waitFor()).as("the child was killed, not ended").isEqualTo(KILLED_BY_SIGKILL);
            assertThat(committedMessages).as("round %d wrote messages", round).isNotEmpty();
            assertThat(committedDeletes).as("round %d queued deletes", round).isNotEmpty();

            try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dataDirectory))) {
                for (String uid : committedMessages) {
                    assertThat(store.messages().content(CrashWriter.USER, uid))
                            .as("committed message %s", uid)
                            .hasValueSatisfying(c -> assertThat(c).isEqualTo(CrashWriter.content(uid)));
                }
                Set<String> tombstones = store.deletes().pendingUids(CrashWriter.USER);
                assertThat(tombstones).containsAll(committedDeletes);
                for (CachedMessage m : store.messages().list(CrashWriter.USER)) {
                    byte[] expected = CrashWriter.content(m.uid());
                    assertThat(m.size()).as("size of %s", m.uid()).isEqualTo(expected.length);
                    assertThat(store.messages().content(CrashWriter.USER, m.uid()))
                            .as("every message present is whole: %s", m.uid())
                            .hasValueSatisfying(c -> assertThat(c).isEqualTo(expected));
                }
            }
        }
    }

    private static void record(String line, List<String> messages, List<String> deletes) {
        if (line.startsWith(CrashWriter.MESSAGE_COMMITTED)) {
            messages.add(line.substring(CrashWriter.MESSAGE_COMMITTED.length()));
        } else if (line.startsWith(CrashWriter.DELETE_COMMITTED)) {
            deletes.add(line.substring(CrashWriter.DELETE_COMMITTED.length()));
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire may run tests from a manifest-only jar; it names the real class path in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
