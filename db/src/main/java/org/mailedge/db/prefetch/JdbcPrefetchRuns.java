package org.mailedge.db.prefetch;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailedge.db.StoreException;
import org.mailedge.db.jdbc.Jdbc;

/** The record of prefetch runs in table {@code prefetch_run}. */
public final class JdbcPrefetchRuns implements PrefetchRuns {

    /** Characters of an outcome kept; a longer one (a failure's message) is cut. */
    public static final int MAX_OUTCOME_LENGTH = 1000;

    private static final String COLUMNS = "id, started_at, finished_at, users_planned, users_done, messages, bytes, outcome";

    private final Jdbc jdbc;

    public JdbcPrefetchRuns(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long start(Instant at, int usersPlanned) {
        Objects.requireNonNull(at, "at");
        return jdbc.autoCommit("recording the start of a prefetch run", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO prefetch_run (started_at, users_planned) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Jdbc.setInstant(ps, 1, at);
                ps.setInt(2, usersPlanned);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new StoreException("the database returned no id for the new prefetch run");
                    }
                    return keys.getLong("id");
                }
            }
        });
    }

    @Override
    public void progress(long id, int usersDone, long messages, long bytes) {
        jdbc.autoCommit("recording the progress of prefetch run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE prefetch_run SET users_done = ?, messages = ?, bytes = ? WHERE id = ?")) {
                ps.setInt(1, usersDone);
                ps.setLong(2, messages);
                ps.setLong(3, bytes);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int finishUnfinished(Instant at, String outcome) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        return jdbc.autoCommit("recording the end of unfinished prefetch runs", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE prefetch_run SET finished_at = ?, outcome = ? WHERE finished_at IS NULL")) {
                Jdbc.setInstant(ps, 1, at);
                ps.setString(2, outcome);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void finish(long id, Instant at, String outcome) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        String kept = outcome.length() > MAX_OUTCOME_LENGTH ? outcome.substring(0, MAX_OUTCOME_LENGTH) : outcome;
        jdbc.autoCommit("recording the end of prefetch run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE prefetch_run SET finished_at = ?, outcome = ? WHERE id = ?")) {
                Jdbc.setInstant(ps, 1, at);
                ps.setString(2, kept);
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PrefetchRun> find(long id) {
        return jdbc.autoCommit("reading prefetch run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM prefetch_run WHERE id = ?")) {
                ps.setLong(1, id);
                List<PrefetchRun> runs = read(ps);
                return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
            }
        });
    }

    @Override
    public List<PrefetchRun> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.autoCommit("reading recent prefetch runs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM prefetch_run"
                    + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                return read(ps);
            }
        });
    }

    private static List<PrefetchRun> read(PreparedStatement ps) throws SQLException {
        List<PrefetchRun> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PrefetchRun(rs.getLong("id"), Jdbc.getInstant(rs, "started_at"),
                        Jdbc.getOptionalInstant(rs, "finished_at"), rs.getInt("users_planned"),
                        rs.getInt("users_done"), rs.getLong("messages"), rs.getLong("bytes"),
                        Optional.ofNullable(rs.getString("outcome"))));
            }
        }
        return out;
    }
}
