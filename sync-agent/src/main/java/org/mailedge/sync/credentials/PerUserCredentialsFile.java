package org.mailedge.sync.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-user central passwords from a file the operator supplies.
 *
 * <h2>Format</h2>
 * One entry per line, {@code user password} or {@code user:password}:
 * <pre>
 * # comment lines and blank lines are ignored
 * alice   s3cret
 * bob:pass word: with spaces and colons
 * </pre>
 * <ul>
 *   <li>The user name ends at the first {@code ':'}, space or tab. After a {@code ':'} the
 *       password starts at the next char; after a space or tab, at the first char that is
 *       neither. Leading blanks before the user name are ignored.</li>
 *   <li>The password is the rest of the line, verbatim (it may contain spaces, {@code ':'}
 *       and {@code '#'}), except that trailing spaces and tabs are removed: editors add them
 *       invisibly, so a password cannot end in a blank.</li>
 *   <li>Lines end with LF or CRLF. The file is read octet for octet (as ISO-8859-1, one char
 *       per octet), so a UTF-8 password written in a UTF-8 editor reaches the central server
 *       as the same UTF-8 octets a mail client would send for it.</li>
 *   <li>A line without a password, a user listed twice or a control char in a password is an
 *       error that names the line number (never the password), and the whole file is refused.</li>
 * </ul>
 *
 * <h2>Protection</h2>
 * The file holds passwords, so it is refused if others (neither owner nor group) may read or
 * write it: {@code chmod 600} (or {@code 640} with the group the node runs as). The check
 * needs a POSIX file system; on any other the file is used with a warning.
 *
 * <h2>Changes</h2>
 * The file is re-read when its modification time, size or permissions change, so an
 * operator can add a user (or fix the mode of a refused file) without restarting the node. A
 * changed file that no longer passes the checks is logged at ERROR once, and the previous
 * contents stay in use.
 */
public final class PerUserCredentialsFile implements CentralCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(PerUserCredentialsFile.class);

    /** Bounds the heap a wrong path (a log file, a disk image) can take; real files are far smaller. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final Path file;
    private volatile Snapshot snapshot;

    /**
     * What a change is detected by: modification time and size for an edit, permissions for
     * a {@code chmod} (which leaves the modification time alone), so that fixing a refused
     * file's mode takes effect without a restart.
     */
    private record Version(FileTime modified, long size, Set<PosixFilePermission> permissions) {
    }

    private record Snapshot(Map<String, String> passwords, Version version) {
    }

    private PerUserCredentialsFile(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /**
     * Reads and checks the file.
     *
     * @throws CredentialsException if it is missing, unreadable, readable or writable by
     *                              others, too large, or malformed
     */
    public static PerUserCredentialsFile load(Path file) throws CredentialsException {
        Objects.requireNonNull(file, "file");
        return new PerUserCredentialsFile(file, read(file));
    }

    /** How many users the file currently lists. */
    public int size() {
        return currentSnapshot().passwords().size();
    }

    @Override
    public Optional<CentralLogin> forUser(String user) {
        Objects.requireNonNull(user, "user");
        String password = currentSnapshot().passwords().get(user);
        return password == null ? Optional.empty() : Optional.of(new CentralLogin(user, password));
    }

    @Override
    public String describe() {
        return "per-user credentials file " + file;
    }

    @Override
    public String toString() {
        return "PerUserCredentialsFile[" + file + "]";
    }

    private Snapshot currentSnapshot() {
        Snapshot current = snapshot;
        Version now;
        try {
            now = version(file);
        } catch (IOException e) {
            // Gone or unreadable for a moment (an editor replacing it): keep what we had.
            return current;
        }
        if (now.equals(current.version())) {
            return current;
        }
        synchronized (this) {
            if (snapshot != current) {
                return snapshot;
            }
            try {
                snapshot = read(file);
                LOG.info("re-read {}: {} users", file, snapshot.passwords().size());
            } catch (CredentialsException e) {
                LOG.error("{}; keeping the previous {} users", e.getMessage(), current.passwords().size());
                // Remember the refused version so that the error is logged once per change, not per user.
                snapshot = new Snapshot(current.passwords(), now);
            }
            return snapshot;
        }
    }

    private static Version version(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(basic.lastModifiedTime(), basic.size(), Set.of());
        }
        PosixFileAttributes attributes = posix.readAttributes();
        return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.permissions());
    }

    private static Snapshot read(Path file) throws CredentialsException {
        try {
            Version version = version(file);
            requireNotForOthers(file, version);
            if (version.size() > MAX_FILE_BYTES) {
                throw new CredentialsException("credentials file " + file + " is " + version.size()
                        + " octets, more than the " + MAX_FILE_BYTES + " allowed: is it the right file?");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return new Snapshot(parse(file, text), version);
        } catch (NoSuchFileException e) {
            throw new CredentialsException("credentials file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CredentialsException("credentials file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void requireNotForOthers(Path file, Version version) throws CredentialsException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
            LOG.warn("credentials file {} is on a file system without POSIX permissions: "
                    + "cannot check that only the node can read it", file);
            return;
        }
        Set<PosixFilePermission> permissions = version.permissions();
        if (permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new CredentialsException("credentials file " + file + " is "
                    + (permissions.contains(PosixFilePermission.OTHERS_READ) ? "readable" : "writable")
                    + " by all users (permissions " + PosixFilePermissions.toString(permissions)
                    + "); it holds central passwords, so it must not be: chmod 600 " + file
                    + " (or 640 with the group the node runs as)");
        }
    }

    static Map<String, String> parse(Path file, String text) throws CredentialsException {
        Map<String, String> passwords = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int start = skipBlanks(line, 0);
            if (start == line.length() || line.charAt(start) == '#') {
                continue;
            }
            int end = start;
            while (end < line.length() && line.charAt(end) != ':' && !isBlank(line.charAt(end))) {
                end++;
            }
            String user = line.substring(start, end);
            if (end == line.length()) {
                throw malformed(file, lineNumber, "no password after the user name (expected \"user password\" or \"user:password\")");
            }
            int passwordStart = line.charAt(end) == ':' ? end + 1 : skipBlanks(line, end);
            int passwordEnd = line.length();
            while (passwordEnd > passwordStart && isBlank(line.charAt(passwordEnd - 1))) {
                passwordEnd--;
            }
            String password = line.substring(passwordStart, passwordEnd);
            if (user.isEmpty()) {
                throw malformed(file, lineNumber, "empty user name");
            }
            if (password.isEmpty()) {
                throw malformed(file, lineNumber, "empty password");
            }
            for (int c = 0; c < password.length(); c++) {
                char ch = password.charAt(c);
                if (ch < 0x20 && ch != '\t' || ch == 0x7F) {
                    throw malformed(file, lineNumber, "control char in the password at column " + (passwordStart + c + 1));
                }
            }
            if (user.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7F)) {
                throw malformed(file, lineNumber, "control char in the user name");
            }
            if (passwords.putIfAbsent(user, password) != null) {
                throw malformed(file, lineNumber, "user " + user + " is listed twice");
            }
        }
        return Map.copyOf(passwords);
    }

    private static CredentialsException malformed(Path file, int lineNumber, String what) {
        return new CredentialsException("credentials file " + file + " line " + lineNumber + ": " + what);
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
