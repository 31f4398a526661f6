package org.mailedge.db.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The Maildir way to put a file on disk so that a crash at any instant leaves either the
 * whole new file or none of it: write a temporary file in the target's directory, fsync it,
 * rename it over the target (atomic within one file system), fsync the directory so that the
 * rename itself is on disk. Not part of the module's API: the file-backed stores share it.
 */
public final class DurableFiles {

    /** Suffix of a file being written; one left behind by a crash is incomplete and deleted at start. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final boolean DIRECTORY_FSYNC = !System.getProperty("os.name", "").startsWith("Windows");

    private DurableFiles() {
    }

    /** Writes {@code parts}, in order, as the new content of {@code target}; durable when this returns. */
    public static void writeAtomically(Path target, byte[]... parts) throws IOException {
        Path dir = target.getParent();
        Path temp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (byte[] part : parts) {
                    ByteBuffer buffer = ByteBuffer.wrap(part);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        fsyncDirectory(dir);
    }

    /** Deletes the file, durably; returns whether it existed. */
    public static boolean deleteDurably(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            fsyncDirectory(file.getParent());
        }
        return deleted;
    }

    /** Makes the directory's entries (created, renamed, deleted files) durable. A no-op on Windows, which cannot. */
    public static void fsyncDirectory(Path dir) throws IOException {
        if (!DIRECTORY_FSYNC) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Deletes the temporary files a crash left in {@code dir}; returns how many. */
    public static int deleteTemporaryFiles(Path dir) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                try {
                    Files.delete(file);
                    deleted++;
                } catch (NoSuchFileException e) {
                    // gone already
                }
            }
        }
        if (deleted > 0) {
            fsyncDirectory(dir);
        }
        return deleted;
    }

    /**
     * A file name for a (user, uid) key: the hex SHA-256 of both. User names and UIDs may hold
     * any character and user names may be longer than a file name may be; a hash is always a
     * safe, fixed-length name. The file itself records the key, so a name never has to be
     * turned back into one.
     */
    public static String keyName(String user, String uid) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(uid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
