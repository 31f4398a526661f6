package org.mailedge.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

/**
 * The senders allowed to AUTH: {@code user password} per line, {@code #} comments, read once
 * at start. Like any file of secrets it must not be readable by others (mode 0600 or
 * stricter). Passwords are compared in constant time, and a wrong user costs the same
 * comparison as a wrong password.
 */
public final class UsersFile implements UsernamePasswordValidator {

    private static final byte[] NOBODY = new byte[32];

    private final Map<String, byte[]> digests;

    private UsersFile(Map<String, byte[]> digests) {
        this.digests = Map.copyOf(digests);
    }

    /** @throws IOException with a message naming the file and line, for the configuration error */
    public static UsersFile load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot read " + file + " (no such file)");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new IOException(file + " is readable by group or others: chmod 600 it");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, byte[]> digests = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) {
                throw new IOException(file + " line " + (i + 1) + ": expected 'user password'");
            }
            digests.put(parts[0], digest(parts[1]));
        }
        if (digests.isEmpty()) {
            throw new IOException(file + " names no user");
        }
        return new UsersFile(digests);
    }

    @Override
    public void login(String username, String password, MessageContext context) throws LoginFailedException {
        byte[] expected = digests.getOrDefault(username, NOBODY);
        boolean match = MessageDigest.isEqual(expected, digest(password == null ? "" : password));
        if (!match || expected == NOBODY) {
            throw new LoginFailedException();
        }
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
