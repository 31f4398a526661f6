package org.mailedge.db.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailedge.db.StoreException;
import org.mailedge.db.jdbc.Jdbc;

/**
 * The mail cache in table {@code cached_message} with the content in the row (BYTEA): the
 * store used on PostgreSQL. The row and its bytes commit in one transaction, so a message is
 * whole or absent, and the nodes of a headend that share the database share the cache.
 *
 * <p>On embedded H2 the content lives in files instead ({@link FileMessageStore}, which uses
 * this class for the index rows): db/README.md, "Content storage", says why.
 */
public final class JdbcMessageStore implements MessageStore {

    private final Jdbc jdbc;

    public JdbcMessageStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds the message in one auto-committed INSERT, so the row and all its bytes commit
     * together. A (user, uid) already present is left as it is: the central server's UID
     * names one message for good (RFC 1939 §7), so the content cannot differ.
     */
    @Override
    public boolean put(String user, String uid, byte[] content, Instant fetchedAt) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        return insert(user, uid, content.length, content, fetchedAt);
    }

    /**
     * Inserts the row unless (user, uid) is present; {@code content} null leaves the content
     * column empty (the content is in a file). Returns whether the row was added.
     */
    boolean insert(String user, String uid, long size, byte[] content, Instant fetchedAt) {
        return jdbc.autoCommit("caching message " + uid + " of " + user, c -> {
            for (int attempt = 1; ; attempt++) {
                if (exists(c, user, uid)) {
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO cached_message (user_name, uid, size_bytes, content, fetched_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, user);
                    ps.setString(2, uid);
                    ps.setLong(3, size);
                    if (content == null) {
                        ps.setNull(4, Types.BLOB);
                    } else {
                        // a stream, not setBytes: H2 would first build a BINARY VARYING value, capped at 1 MB
                        ps.setBinaryStream(4, new ByteArrayInputStream(content), content.length);
                    }
                    Jdbc.setInstant(ps, 5, fetchedAt);
                    ps.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    // Another session or node was storing the same message between our check
                    // and our insert: a unique violation once it committed, a lock time-out
                    // while it had not. The next check settles it.
                    if (!Jdbc.isTransient(e) || attempt >= Jdbc.MAX_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    boolean exists(String user, String uid) {
        return jdbc.autoCommit("looking up message " + uid + " of " + user, c -> exists(c, user, uid));
    }

    /** Every cached (user, uid) with its size, for rebuilding the index from files. */
    List<CachedMessage> all() {
        return jdbc.autoCommit("listing the cache", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_name, uid, size_bytes, fetched_at FROM cached_message");
                 ResultSet rs = ps.executeQuery()) {
                List<CachedMessage> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new CachedMessage(rs.getString("user_name"), rs.getString("uid"),
                            rs.getLong("size_bytes"), Jdbc.getInstant(rs, "fetched_at")));
                }
                return out;
            }
        });
    }

    private static boolean exists(Connection c, String user, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM cached_message WHERE user_name = ? AND uid = ?")) {
            ps.setString(1, user);
            ps.setString(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Optional<byte[]> content(String user, String uid) {
        return jdbc.autoCommit("reading message " + uid + " of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT size_bytes, content FROM cached_message WHERE user_name = ? AND uid = ?")) {
                ps.setString(1, user);
                ps.setString(2, uid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long size = rs.getLong("size_bytes");
                    byte[] bytes = readAll(rs);
                    if (bytes.length != size) {
                        throw new StoreException("message " + uid + " of " + user + " has " + bytes.length
                                + " bytes, its row says " + size);
                    }
                    return Optional.of(bytes);
                }
            }
        });
    }

    private static byte[] readAll(ResultSet rs) throws SQLException {
        try (InputStream in = rs.getBinaryStream("content")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SQLException("reading message content: " + e, e);
        }
    }

    @Override
    public List<CachedMessage> list(String user) {
        return jdbc.autoCommit("listing the cache of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_name, uid, size_bytes, fetched_at FROM cached_message WHERE user_name = ?")) {
                ps.setString(1, user);
                List<CachedMessage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CachedMessage(rs.getString("user_name"), rs.getString("uid"),
                                rs.getLong("size_bytes"), Jdbc.getInstant(rs, "fetched_at")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int remove(String user, Collection<String> uids) {
        if (uids.isEmpty()) {
            return 0;
        }
        return jdbc.inTransaction("removing " + uids.size() + " messages of " + user, c -> {
            int removed = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM cached_message WHERE user_name = ? AND uid = ?")) {
                for (String uid : uids) {
                    ps.setString(1, user);
                    ps.setString(2, uid);
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    @Override
    public int removeUser(String user) {
        return jdbc.autoCommit("evicting the cache of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cached_message WHERE user_name = ?")) {
                ps.setString(1, user);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long bytes(String user) {
        return jdbc.autoCommit("sizing the cache of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(size_bytes), 0) FROM cached_message WHERE user_name = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public long totalBytes() {
        return jdbc.autoCommit("sizing the cache", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size_bytes), 0) FROM cached_message");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<String> usersLeastRecentlySeenFirst() {
        return jdbc.autoCommit("ordering cached users by last seen", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT c.user_name FROM (SELECT DISTINCT user_name FROM cached_message) c"
                            + " LEFT JOIN edge_user u ON u.user_name = c.user_name"
                            + " ORDER BY CASE WHEN u.last_seen_at IS NULL THEN 0 ELSE 1 END, u.last_seen_at, c.user_name");
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }
}
