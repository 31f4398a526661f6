package org.mailedge.node.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The bearer token the admin API asks for ({@code admin.token-file}): one line, read at start.
 * Only a digest is kept, and a presented token is compared in constant time, so neither the
 * heap nor the response time tells how much of a guess was right.
 */
public final class AdminToken {

    /** Short tokens can be guessed over the network; 128 bits of hex or base64 is longer. */
    public static final int MIN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    private AdminToken(String token) {
        this.digest = digest(token);
    }

    /** A token given in code (tests, the demo). */
    public static AdminToken of(String token) {
        requireStrong(token);
        return new AdminToken(token);
    }

    /** @throws IOException whose message says what is wrong with the file, for the configuration error */
    public static AdminToken read(Path file) throws IOException {
        return new AdminToken(secret(file));
    }

    /** The token itself, for a client of the API ({@code mailedge} commands); checked as {@link #read} checks it. */
    public static String secret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot read " + file + " (no such file)");
        }
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IOException(file + " is readable by group or others: chmod 600 it");
            }
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.contains("\n")) {
            throw new IOException(file + " must hold the token alone, on one line");
        }
        try {
            requireStrong(token);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        return token;
    }

    /** Whether an {@code Authorization} header value carries this token. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, digest(authorization.substring(BEARER.length()).strip()));
    }

    private static void requireStrong(String token) {
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the token must be at least " + MIN_LENGTH
                    + " characters (e.g. `openssl rand -hex 24`), found " + token.length());
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the token must be printable ASCII without spaces");
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[redacted]";
    }
}
