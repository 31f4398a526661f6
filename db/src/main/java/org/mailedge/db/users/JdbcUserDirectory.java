package org.mailedge.db.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailedge.db.jdbc.Jdbc;

/**
 * The user directory in table {@code edge_user}. Each write is an update, or an insert when
 * the user is new, in one transaction; two nodes creating the same user at once retry (see
 * {@link Jdbc#inTransaction}) and the second update wins.
 */
public final class JdbcUserDirectory implements UserDirectory {

    private final Jdbc jdbc;

    public JdbcUserDirectory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void setHome(String user, String node) {
        Objects.requireNonNull(node, "node");
        upsert("setting the home of " + user, user,
                "UPDATE edge_user SET home_node = ? WHERE user_name = ?",
                "INSERT INTO edge_user (home_node, user_name) VALUES (?, ?)",
                ps -> ps.setString(1, node));
    }

    @Override
    public void recordSeen(String user, String node, Instant at) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        upsert("recording where " + user + " was seen", user,
                "UPDATE edge_user SET last_seen_node = ?, last_seen_at = ? WHERE user_name = ?",
                "INSERT INTO edge_user (last_seen_node, last_seen_at, user_name) VALUES (?, ?, ?)",
                ps -> {
                    ps.setString(1, node);
                    Jdbc.setInstant(ps, 2, at);
                });
    }

    @Override
    public void recordPrefetch(String user, Instant at) {
        Objects.requireNonNull(at, "at");
        upsert("recording the prefetch of " + user, user,
                "UPDATE edge_user SET last_prefetch_at = ? WHERE user_name = ?",
                "INSERT INTO edge_user (last_prefetch_at, user_name) VALUES (?, ?)",
                ps -> Jdbc.setInstant(ps, 1, at));
    }

    /** Binds the values before the user name, which is always the last parameter. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void upsert(String what, String user, String update, String insert, Binder values) {
        Objects.requireNonNull(user, "user");
        jdbc.inTransaction(what, c -> {
            if (run(c, update, values, user) == 0) {
                run(c, insert, values, user);
            }
            return null;
        });
    }

    private static int run(Connection c, String sql, Binder values, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            values.bind(ps);
            ps.setString(ps.getParameterMetaData().getParameterCount(), user);
            return ps.executeUpdate();
        }
    }

    @Override
    public Optional<UserRecord> find(String user) {
        return jdbc.autoCommit("reading user " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_name, home_node, last_seen_node, last_seen_at, last_prefetch_at"
                            + " FROM edge_user WHERE user_name = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new UserRecord(rs.getString("user_name"),
                            Optional.ofNullable(rs.getString("home_node")),
                            Optional.ofNullable(rs.getString("last_seen_node")),
                            Jdbc.getOptionalInstant(rs, "last_seen_at"),
                            Jdbc.getOptionalInstant(rs, "last_prefetch_at")));
                }
            }
        });
    }

    /**
     * HOME: the directory names the node as home. LAST_SEEN: the user's last session came
     * through the node, or the user was never seen and the node is home (soft state falls
     * back to home). BOTH: either. Sorted here, in Java's order of strings, so the order does
     * not depend on the database's collation.
     */
    @Override
    public List<String> placedAt(String node, Placement placement) {
        Objects.requireNonNull(node, "node");
        String where = switch (Objects.requireNonNull(placement, "placement")) {
            case HOME -> "home_node = ?";
            case LAST_SEEN -> "last_seen_node = ? OR (last_seen_node IS NULL AND home_node = ?)";
            case BOTH -> "last_seen_node = ? OR home_node = ?";
        };
        return jdbc.autoCommit("listing users placed at " + node, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_name FROM edge_user WHERE " + where)) {
                for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                    ps.setString(i, node);
                }
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                out.sort(null);
                return out;
            }
        });
    }
}
