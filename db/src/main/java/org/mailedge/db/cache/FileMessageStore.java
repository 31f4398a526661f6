package org.mailedge.db.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.mailedge.db.StoreException;
import org.mailedge.db.files.DurableFiles;
import org.mailedge.db.jdbc.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail cache on embedded H2: each message's bytes in a file of their own, written the
 * Maildir way ({@link DurableFiles}); the {@code cached_message} rows (without content) are an
 * index over the files, which the files can rebuild, the way Dovecot treats its index files.
 *
 * <p>Why not BLOBs in H2: H2 2.5.252 was seen to lose its most recent committed transactions
 * when the process was killed after earlier crashes and restarts (db/README.md, "Content
 * storage"). A file that was renamed into place and whose directory was fsynced stays, so
 * here the file is the truth and a lost index row is found again at the next start.
 *
 * <p>Order of writes, so that a crash between any two steps is repaired by {@link #open}:
 * put writes the file, then the row (a file without a row gets its row back); remove deletes
 * the file, then the row (a row without a file is deleted). A message is therefore whole or
 * absent at every instant. Concurrent put and remove of one (user, uid) are serialised by a
 * lock stripe: the H2 file is locked to one process, so in-process locks are enough.
 *
 * <p>File layout: {@code <root>/<first two hex digits>/<sha-256 of user and uid>.msg}, 256
 * directories so that none grows too large; the file starts with a header naming the user,
 * the UID and the fetch time, then the message bytes exactly as put.
 */
public final class FileMessageStore implements MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileMessageStore.class);

    /** "MEC1": marks a message file of this layout, version 1. */
    private static final int MAGIC = 0x4D454331;

    private static final String SUFFIX = ".msg";

    /** Lock stripes for (user, uid) keys: enough that unrelated keys rarely wait on each other. */
    private static final int STRIPES = 64;

    private final JdbcMessageStore index;
    private final Path root;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    private FileMessageStore(JdbcMessageStore index, Path root) {
        this.index = index;
        this.root = root;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Opens the store over the files under {@code root} and repairs what a crash left: deletes
     * temporary files, adds the index row of each whole file that has none, and deletes each
     * row whose file is gone.
     */
    public static FileMessageStore open(Jdbc jdbc, Path root) {
        FileMessageStore store = new FileMessageStore(new JdbcMessageStore(jdbc), root);
        try {
            Files.createDirectories(root);
            store.recover();
        } catch (IOException e) {
            throw new StoreException("cannot open the message files under " + root + ": " + e, e);
        }
        return store;
    }

    private void recover() throws IOException {
        Map<String, Path> files = new HashMap<>();
        int temporary = 0;
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
                temporary += DurableFiles.deleteTemporaryFiles(shard);
                try (DirectoryStream<Path> messages = Files.newDirectoryStream(shard, "*" + SUFFIX)) {
                    for (Path file : messages) {
                        String name = file.getFileName().toString();
                        files.put(name.substring(0, name.length() - SUFFIX.length()), file);
                    }
                }
            }
        }
        int rowsDropped = 0;
        for (CachedMessage row : index.all()) {
            if (files.remove(DurableFiles.keyName(row.user(), row.uid())) == null) {
                index.remove(row.user(), List.of(row.uid()));
                rowsDropped++;
            }
        }
        int rowsAdded = 0;
        for (Path file : files.values()) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                Header header = Header.read(in, file);
                long size = Files.size(file) - header.length();
                if (index.insert(header.user(), header.uid(), size, null, header.fetchedAt())) {
                    rowsAdded++;
                }
            }
        }
        if (temporary + rowsDropped + rowsAdded > 0) {
            LOG.info("message cache repaired after a crash: {} incomplete files deleted, {} index rows added,"
                    + " {} index rows without a file dropped", temporary, rowsAdded, rowsDropped);
        }
    }

    private Path file(String user, String uid) {
        return file(root, user, uid);
    }

    /** Where the message of (user, uid) lives under {@code root}. */
    static Path file(Path root, String user, String uid) {
        String name = DurableFiles.keyName(user, uid);
        return root.resolve(name.substring(0, 2)).resolve(name + SUFFIX);
    }

    private ReentrantLock stripe(String user, String uid) {
        return stripes[Math.floorMod(Objects.hash(user, uid), STRIPES)];
    }

    @Override
    public boolean put(String user, String uid, byte[] content, Instant fetchedAt) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        ReentrantLock lock = stripe(user, uid);
        lock.lock();
        try {
            if (index.exists(user, uid)) {
                return false;
            }
            Path file = file(user, uid);
            try {
                Files.createDirectories(file.getParent());
                DurableFiles.writeAtomically(file, new Header(user, uid, fetchedAt).bytes(), content);
            } catch (IOException e) {
                throw new StoreException("cannot write message " + uid + " of " + user + ": " + e, e);
            }
            return index.insert(user, uid, content.length, null, fetchedAt);
        } finally {
            lock.unlock();
        }
    }

    /** Reads the file directly: a whole file is a whole message, even while its row is being written. */
    @Override
    public Optional<byte[]> content(String user, String uid) {
        Path file = file(user, uid);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            Header header = Header.read(in, file);
            if (!header.user().equals(user) || !header.uid().equals(uid)) {
                return Optional.empty();
            }
            return Optional.of(in.readAllBytes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read message " + uid + " of " + user + ": " + e, e);
        }
    }

    @Override
    public List<CachedMessage> list(String user) {
        return index.list(user);
    }

    /** Deletes each file before its row, under the key's lock. */
    @Override
    public int remove(String user, Collection<String> uids) {
        int removed = 0;
        for (String uid : uids) {
            ReentrantLock lock = stripe(user, uid);
            lock.lock();
            try {
                DurableFiles.deleteDurably(file(user, uid));
                removed += index.remove(user, List.of(uid));
            } catch (IOException e) {
                throw new StoreException("cannot delete message " + uid + " of " + user + ": " + e, e);
            } finally {
                lock.unlock();
            }
        }
        return removed;
    }

    @Override
    public int removeUser(String user) {
        return remove(user, index.list(user).stream().map(CachedMessage::uid).toList());
    }

    @Override
    public long bytes(String user) {
        return index.bytes(user);
    }

    @Override
    public long totalBytes() {
        return index.totalBytes();
    }

    @Override
    public List<String> usersLeastRecentlySeenFirst() {
        return index.usersLeastRecentlySeenFirst();
    }

    /** The start of a message file: whose message it is and when it was fetched. */
    private record Header(String user, String uid, Instant fetchedAt) {

        Header {
            fetchedAt = fetchedAt.truncatedTo(ChronoUnit.MICROS);
        }

        byte[] bytes() {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                out.writeInt(MAGIC);
                out.writeUTF(user);
                out.writeUTF(uid);
                out.writeLong(fetchedAt.getEpochSecond());
                out.writeInt(fetchedAt.getNano());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffer.toByteArray();
        }

        long length() {
            return bytes().length;
        }

        static Header read(InputStream stream, Path file) throws IOException {
            DataInputStream in = new DataInputStream(stream);
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a message file of this store");
            }
            String user = in.readUTF();
            String uid = in.readUTF();
            Instant fetchedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new Header(user, uid, fetchedAt);
        }
    }
}
