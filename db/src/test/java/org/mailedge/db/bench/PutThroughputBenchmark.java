package org.mailedge.db.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.db.StoreConfig;

/**
 * Measures how fast the cache takes 100 KB messages, for the two ways of storing content
 * (db/README.md, "Content storage"). Not a test: run by hand on an otherwise idle machine,
 *
 * <pre>
 * ./mvnw -q -pl db test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp db/target/test-classes:db/target/classes:$(cat /tmp/cp.txt) org.mailedge.db.bench.PutThroughputBenchmark [messages [rounds]]
 * </pre>
 *
 * <ul>
 *   <li><b>blob</b>: {@code MessageStore.put} as shipped: the content is a BLOB in the row,
 *       one auto-committed INSERT, H2 opened by {@link JdbcEdgeStore} (its durability settings).
 *   <li><b>blob+fsync</b>: the same followed by {@code CHECKPOINT SYNC}, which forces the H2
 *       file to the device: what surviving power loss would cost.
 *   <li><b>file</b>: the Maildir pattern: write a temporary file, fsync it, rename it
 *       atomically, fsync the directory, then insert the index row (no content) in H2.
 * </ul>
 * Each variant writes into its own fresh directory, single-threaded (one prefetch stream).
 */
public final class PutThroughputBenchmark {

    private static final int MESSAGE_BYTES = 100 * 1024;

    private PutThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        byte[][] contents = new byte[messages][];
        Random random = new Random(42);
        for (int i = 0; i < messages; i++) {
            contents[i] = new byte[MESSAGE_BYTES];
            random.nextBytes(contents[i]);
        }
        System.out.printf(Locale.ROOT, "%d messages of %d bytes, %d cores, %s %s%n", messages, MESSAGE_BYTES,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("java.version"));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int round = 0; round < rounds; round++) {
            report("blob", messages, blob(contents, false));
            report("blob+fsync", messages, blob(contents, true));
            report("file", messages, files(contents));
        }
    }

    private static void report(String variant, int messages, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-11s %7.1f messages/s %7.1f MB/s%n", variant, messages / seconds,
                messages * (double) MESSAGE_BYTES / (1024 * 1024) / seconds);
    }

    private static long blob(byte[][] contents, boolean syncEach) throws Exception {
        Path dir = Files.createTempDirectory("bench-blob");
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dir));
             Connection c = store.dataSource().getConnection();
             Statement sync = c.createStatement()) {
            Instant now = Instant.now();
            long start = System.nanoTime();
            for (int i = 0; i < contents.length; i++) {
                store.messages().put("bench", "uid-" + i, contents[i], now);
                if (syncEach) {
                    sync.execute("CHECKPOINT SYNC");
                }
            }
            return System.nanoTime() - start;
        } finally {
            delete(dir);
        }
    }

    private static long files(byte[][] contents) throws Exception {
        Path dir = Files.createTempDirectory("bench-file");
        Path messages = Files.createDirectories(dir.resolve("messages"));
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dir));
             Connection c = store.dataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_index (user_name VARCHAR(320), uid VARCHAR(255), size_bytes BIGINT,"
                        + " file_name VARCHAR(300), fetched_at TIMESTAMP WITH TIME ZONE, PRIMARY KEY (user_name, uid))");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_index VALUES (?, ?, ?, ?, ?)")) {
                long start = System.nanoTime();
                for (int i = 0; i < contents.length; i++) {
                    String name = "uid-" + i;
                    Path tmp = messages.resolve(name + ".tmp");
                    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ByteBuffer buffer = ByteBuffer.wrap(contents[i]);
                        while (buffer.hasRemaining()) {
                            ch.write(buffer);
                        }
                        ch.force(true);
                    }
                    Files.move(tmp, messages.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    try (FileChannel d = FileChannel.open(messages, StandardOpenOption.READ)) {
                        d.force(true);
                    }
                    insert.setString(1, "bench");
                    insert.setString(2, name);
                    insert.setLong(3, contents[i].length);
                    insert.setString(4, name);
                    insert.setObject(5, java.time.OffsetDateTime.now());
                    insert.executeUpdate();
                }
                return System.nanoTime() - start;
            }
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
