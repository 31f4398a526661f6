package org.mailedge.db.crash;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.db.StoreConfig;

/**
 * The child process of {@link CrashSafetyTest}: opens the store in the data directory given
 * as the first argument and, until it is killed, caches messages on one thread and queues
 * deletes on another. After each put or enqueue returns it prints {@link #MESSAGE_COMMITTED}
 * or {@link #DELETE_COMMITTED} and the UID: such a line means "committed" (log lines share
 * stdout and are ignored). The test kills the process with
 * SIGKILL and checks every printed entry against the reopened store.
 */
public final class CrashWriter {

    /** The user whose mailbox the child writes. */
    static final String USER = "crash-user";

    /** Printed before the UID of a message once {@code put} returned. */
    static final String MESSAGE_COMMITTED = "COMMITTED MESSAGE ";

    /** Printed before the UID of a delete once {@code enqueue} returned. */
    static final String DELETE_COMMITTED = "COMMITTED DELETE ";

    /** Printed once the store is open, before the first write. */
    static final String READY = "READY";

    private CrashWriter() {
    }

    /**
     * The content of the message with this UID: a function of the UID alone, so the test can
     * check it byte for byte. 8-bit bytes, CRLF line ends, sizes from 1 KB to about 1.5 MB so
     * that the kill often lands in the middle of writing a large one.
     */
    static byte[] content(String uid) {
        Random random = new Random(uid.hashCode());
        int size = 1024 + random.nextInt(4) * 100_000 + (random.nextInt(10) == 0 ? 1_200_000 : 0);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        for (int i = 76; i + 1 < size; i += 78) {
            bytes[i] = '\r';
            bytes[i + 1] = '\n';
        }
        byte[] header = ("X-Uid: " + uid + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, Math.min(header.length, size));
        return bytes;
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args[0]);
        String prefix = args[1];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dataDirectory));
        out.println(READY);
        Thread deletes = new Thread(() -> {
            for (long i = 0; ; i++) {
                String uid = prefix + "del-" + i;
                store.deletes().enqueue(USER, List.of(uid), Instant.now());
                out.println(DELETE_COMMITTED + uid);
            }
        }, "deletes");
        deletes.setDaemon(true);
        deletes.start();
        for (long i = 0; ; i++) {
            String uid = prefix + "msg-" + i;
            store.messages().put(USER, uid, content(uid), Instant.now());
            out.println(MESSAGE_COMMITTED + uid);
        }
    }
}
