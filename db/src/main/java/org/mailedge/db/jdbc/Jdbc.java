package org.mailedge.db.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.mailedge.db.StoreException;

/**
 * Runs units of work on the store's data source: each in its own connection, either as one
 * auto-committed statement or as one transaction, retried when the database reports a
 * transient conflict. Not part of the module's API: the store implementations share it.
 *
 * <p>Why retry: two sessions (or a session and a prefetch, or two nodes on one PostgreSQL)
 * may insert the same key at once. The work is written check-then-insert, so a retry after a
 * unique-key violation finds the row the other transaction committed and does nothing; the
 * same holds after H2's lock time-out and PostgreSQL's serialization or deadlock aborts.
 */
public final class Jdbc {

    /** Attempts of one unit of work before a transient conflict is reported as a failure. */
    public static final int MAX_ATTEMPTS = 20;

    /** SQLSTATE 23505, unique violation: the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * SQLSTATEs worth a retry: serialization failure (40001, both), deadlock (40P01
     * PostgreSQL), lock time-out (HYT00 H2), concurrent update in another transaction
     * (90131 H2), and a unique violation, which check-then-insert work resolves on retry.
     */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "90131", UNIQUE_VIOLATION);

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs work whose statements each commit by themselves (auto-commit). Use for a single
     * statement, or for reads. Not retried: the caller decides what a conflict means.
     */
    public <T> T autoCommit(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs work as one transaction: all of it commits or none of it, and it is durable when
     * this returns (see {@code JdbcEdgeStore} for the durability settings). Retried on a
     * transient conflict, so the work must be idempotent given what it reads.
     */
    public <T> T inTransaction(String what, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw new StoreException(what + " failed: " + e.getMessage(), e);
                }
                last = e;
                Thread.onSpinWait();
            }
        }
        throw new StoreException(what + " failed after " + MAX_ATTEMPTS + " attempts on conflicts: "
                + last.getMessage(), last);
    }

    public static boolean isTransient(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null && TRANSIENT.contains(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Binds an instant as TIMESTAMP WITH TIME ZONE. Both databases keep microseconds; the
     * instant is truncated here so that what is read back equals what was written (PostgreSQL
     * would round, H2 would truncate).
     */
    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Optional<Instant> getOptionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(getInstant(rs, column));
    }
}
