package org.mailedge.db.deletes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.mailedge.db.jdbc.Jdbc;

/** The delete queue in table {@code pending_delete}; one row per (user, uid). */
public final class JdbcDeleteQueue implements DeleteQueue {

    private static final String COLUMNS = "id, user_name, uid, queued_at, attempts, next_attempt_at";

    private final Jdbc jdbc;

    public JdbcDeleteQueue(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Queues all the UIDs in one transaction (one QUIT's deletes land together or not at all),
     * each due at once. A (user, uid) already queued keeps its entry, its queued time and its
     * attempts.
     */
    @Override
    public void enqueue(String user, Collection<String> uids, Instant at) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
        if (uids.isEmpty()) {
            return;
        }
        // In one order, so that two transactions queuing overlapping UIDs wait for each other
        // instead of deadlocking (one then finds the other's rows and skips them on retry).
        Set<String> distinct = new TreeSet<>(uids);
        jdbc.inTransaction("queuing " + distinct.size() + " deletes of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO pending_delete (user_name, uid, queued_at, attempts, next_attempt_at)"
                            + " SELECT ?, ?, ?, 0, ? FROM (VALUES (0)) AS one (x)"
                            + " WHERE NOT EXISTS (SELECT 1 FROM pending_delete WHERE user_name = ? AND uid = ?)")) {
                for (String uid : distinct) {
                    ps.setString(1, user);
                    ps.setString(2, Objects.requireNonNull(uid, "uid"));
                    Jdbc.setInstant(ps, 3, at);
                    Jdbc.setInstant(ps, 4, at);
                    ps.setString(5, user);
                    ps.setString(6, uid);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<PendingDelete> due(Instant now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.autoCommit("reading due deletes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM pending_delete"
                    + " WHERE next_attempt_at <= ? ORDER BY queued_at, id LIMIT ?")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setInt(2, limit);
                return read(ps);
            }
        });
    }

    @Override
    public Set<String> pendingUids(String user) {
        return jdbc.autoCommit("reading the tombstones of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM pending_delete WHERE user_name = ?")) {
                ps.setString(1, user);
                Set<String> out = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return Set.copyOf(out);
            }
        });
    }

    @Override
    public List<PendingDelete> pending(String user) {
        return jdbc.autoCommit("reading the deletes of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM pending_delete"
                    + " WHERE user_name = ? ORDER BY queued_at, id")) {
                ps.setString(1, user);
                return read(ps);
            }
        });
    }

    @Override
    public void done(String user, String uid) {
        jdbc.autoCommit("completing the delete of " + uid + " of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM pending_delete WHERE user_name = ? AND uid = ?")) {
                ps.setString(1, user);
                ps.setString(2, uid);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void failed(long id, Instant nextAttemptAt) {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        jdbc.autoCommit("recording a failed delete", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pending_delete SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?")) {
                Jdbc.setInstant(ps, 1, nextAttemptAt);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long size() {
        return jdbc.autoCommit("counting queued deletes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pending_delete");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<PendingDelete> read(PreparedStatement ps) throws SQLException {
        List<PendingDelete> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PendingDelete(rs.getLong("id"), rs.getString("user_name"), rs.getString("uid"),
                        Jdbc.getInstant(rs, "queued_at"), rs.getInt("attempts"), Jdbc.getInstant(rs, "next_attempt_at")));
            }
        }
        return out;
    }
}
