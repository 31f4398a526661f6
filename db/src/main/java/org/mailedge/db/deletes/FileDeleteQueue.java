package org.mailedge.db.deletes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.mailedge.db.StoreException;
import org.mailedge.db.files.DurableFiles;

/**
 * The delete queue on embedded H2: one small file per entry, written the Maildir way
 * ({@link DurableFiles}), and a copy of all entries in memory for reading.
 *
 * <p>Why files and not the {@code pending_delete} table: a queued delete is also a tombstone,
 * and losing one serves the user a message they deleted. H2 2.5.252 was seen to lose its
 * most recent committed transactions when killed after earlier crashes and restarts
 * (db/README.md, "Durability"); a renamed file whose directory was fsynced does not go away,
 * and survives a power cut too. The queue is small (deletes the central server has not yet
 * confirmed) and written once per QUIT that deleted something, so a file per entry is cheap.
 *
 * <p>One process owns the data directory (H2 locks its file), so a monitor serialises
 * writers; each write reaches the disk before memory is updated, so a failed write leaves
 * memory as it was.
 */
public final class FileDeleteQueue implements DeleteQueue {

    private static final String SUFFIX = ".del";

    private final Path root;
    private final Map<String, PendingDelete> byKey = new HashMap<>();
    private final Map<Long, String> keyById = new HashMap<>();
    private long nextId = 1;

    private FileDeleteQueue(Path root) {
        this.root = root;
    }

    /** Opens the queue kept in {@code root}: deletes temporary files a crash left, and reads every entry. */
    public static FileDeleteQueue open(Path root) {
        FileDeleteQueue queue = new FileDeleteQueue(root);
        try {
            Files.createDirectories(root);
            DurableFiles.deleteTemporaryFiles(root);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*" + SUFFIX)) {
                for (Path file : files) {
                    queue.remember(read(file));
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the delete queue in " + root + ": " + e, e);
        }
        return queue;
    }

    /**
     * Queues each UID not queued yet, in UID order, each durable before the call returns. Not
     * all-or-nothing: after a crash part of a batch may be queued; the caller (QUIT) was
     * not yet told "+OK", and queuing again is idempotent.
     */
    @Override
    public synchronized void enqueue(String user, Collection<String> uids, Instant at) {
        Objects.requireNonNull(user, "user");
        Instant queuedAt = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
        for (String uid : new TreeSet<>(uids)) {
            if (byKey.containsKey(DurableFiles.keyName(user, uid))) {
                continue;
            }
            PendingDelete entry = new PendingDelete(nextId, user, uid, queuedAt, 0, queuedAt);
            write(entry);
            remember(entry);
        }
    }

    @Override
    public synchronized List<PendingDelete> due(Instant now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return byKey.values().stream()
                .filter(d -> !d.nextAttemptAt().isAfter(now))
                .sorted(OLDEST_FIRST)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Set<String> pendingUids(String user) {
        Set<String> uids = new LinkedHashSet<>();
        for (PendingDelete d : byKey.values()) {
            if (d.user().equals(user)) {
                uids.add(d.uid());
            }
        }
        return Set.copyOf(uids);
    }

    @Override
    public synchronized List<PendingDelete> pending(String user) {
        return byKey.values().stream().filter(d -> d.user().equals(user)).sorted(OLDEST_FIRST).toList();
    }

    @Override
    public synchronized void done(String user, String uid) {
        String key = DurableFiles.keyName(user, uid);
        PendingDelete entry = byKey.get(key);
        if (entry == null) {
            return;
        }
        try {
            DurableFiles.deleteDurably(file(key));
        } catch (IOException e) {
            throw new StoreException("cannot complete the delete of " + uid + " of " + user + ": " + e, e);
        }
        byKey.remove(key);
        keyById.remove(entry.id());
    }

    @Override
    public synchronized void failed(long id, Instant nextAttemptAt) {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        String key = keyById.get(id);
        if (key == null) {
            return;
        }
        PendingDelete d = byKey.get(key);
        PendingDelete updated = new PendingDelete(d.id(), d.user(), d.uid(), d.queuedAt(), d.attempts() + 1,
                nextAttemptAt.truncatedTo(ChronoUnit.MICROS));
        write(updated);
        byKey.put(key, updated);
    }

    @Override
    public synchronized long size() {
        return byKey.size();
    }

    private static final Comparator<PendingDelete> OLDEST_FIRST =
            Comparator.comparing(PendingDelete::queuedAt).thenComparingLong(PendingDelete::id);

    private void remember(PendingDelete entry) {
        String key = DurableFiles.keyName(entry.user(), entry.uid());
        byKey.put(key, entry);
        keyById.put(entry.id(), key);
        nextId = Math.max(nextId, entry.id() + 1);
    }

    private Path file(String key) {
        return root.resolve(key + SUFFIX);
    }

    private void write(PendingDelete entry) {
        Properties p = new Properties();
        p.setProperty("id", Long.toString(entry.id()));
        p.setProperty("user", entry.user());
        p.setProperty("uid", entry.uid());
        p.setProperty("queuedAt", entry.queuedAt().toString());
        p.setProperty("attempts", Integer.toString(entry.attempts()));
        p.setProperty("nextAttemptAt", entry.nextAttemptAt().toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), null);
            DurableFiles.writeAtomically(file(DurableFiles.keyName(entry.user(), entry.uid())), bytes.toByteArray());
        } catch (IOException e) {
            throw new StoreException("cannot queue the delete of " + entry.uid() + " of " + entry.user() + ": " + e, e);
        }
    }

    private static PendingDelete read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        try {
            return new PendingDelete(Long.parseLong(p.getProperty("id")), p.getProperty("user"),
                    p.getProperty("uid"), Instant.parse(p.getProperty("queuedAt")),
                    Integer.parseInt(p.getProperty("attempts")), Instant.parse(p.getProperty("nextAttemptAt")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a delete-queue entry: " + e, e);
        }
    }

}
