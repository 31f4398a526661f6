package org.mailedge.db.notices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailedge.db.jdbc.Jdbc;

/**
 * The notice log in table {@code attenuation_notice}. A claim is one transaction: a
 * conditional UPDATE (the row lock makes two claimers wait for each other, and the second
 * finds the first one's time), or an INSERT for a new user, whose unique-key conflict with a
 * concurrent insert is retried by {@link Jdbc#inTransaction} and then takes the UPDATE path.
 */
public final class JdbcNoticeLog implements NoticeLog {

    private final Jdbc jdbc;

    public JdbcNoticeLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Claim> claim(String user, Instant at, Instant sentNoLaterThan) {
        Objects.requireNonNull(user, "user");
        Instant stored = at.truncatedTo(ChronoUnit.MICROS);
        return jdbc.inTransaction("claiming the attenuation notice of " + user, c -> {
            Optional<NoticeRecord> before = read(c, user);
            if (before.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO attenuation_notice (user_name, last_sent_at, pending_since) VALUES (?, ?, NULL)")) {
                    ps.setString(1, user);
                    Jdbc.setInstant(ps, 2, stored);
                    ps.executeUpdate();
                }
                return Optional.of(new Claim(user, stored, Optional.empty()));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE attenuation_notice SET last_sent_at = ?, pending_since = NULL"
                    + " WHERE user_name = ? AND (last_sent_at IS NULL OR last_sent_at <= ?)")) {
                Jdbc.setInstant(ps, 1, stored);
                ps.setString(2, user);
                Jdbc.setInstant(ps, 3, sentNoLaterThan);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Claim(user, stored, before.get().lastSentAt()));
        });
    }

    @Override
    public void giveBack(Claim claim, Instant pendingSince) {
        jdbc.inTransaction("giving back the attenuation notice of " + claim.user(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE attenuation_notice SET last_sent_at = ?, pending_since = ?"
                    + " WHERE user_name = ? AND last_sent_at = ?")) {
                if (claim.previous().isPresent()) {
                    Jdbc.setInstant(ps, 1, claim.previous().get());
                } else {
                    ps.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
                }
                Jdbc.setInstant(ps, 2, pendingSince);
                ps.setString(3, claim.user());
                Jdbc.setInstant(ps, 4, claim.at());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void markPending(String user, Instant since) {
        Objects.requireNonNull(user, "user");
        jdbc.inTransaction("recording a pending attenuation notice of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE attenuation_notice SET pending_since = ? WHERE user_name = ?")) {
                Jdbc.setInstant(ps, 1, since);
                ps.setString(2, user);
                if (ps.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO attenuation_notice (user_name, last_sent_at, pending_since) VALUES (?, NULL, ?)")) {
                ps.setString(1, user);
                Jdbc.setInstant(ps, 2, since);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void clearPending(String user) {
        jdbc.autoCommit("clearing the pending attenuation notice of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE attenuation_notice SET pending_since = NULL WHERE user_name = ?")) {
                ps.setString(1, user);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<NoticeRecord> find(String user) {
        return jdbc.autoCommit("reading the attenuation notice of " + user, c -> read(c, user));
    }

    @Override
    public List<NoticeRecord> pending() {
        return jdbc.autoCommit("listing pending attenuation notices", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_name, last_sent_at, pending_since"
                    + " FROM attenuation_notice WHERE pending_since IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                List<NoticeRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(record(rs));
                }
                out.sort((a, b) -> a.user().compareTo(b.user()));
                return out;
            }
        });
    }

    private static Optional<NoticeRecord> read(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_name, last_sent_at, pending_since FROM attenuation_notice WHERE user_name = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        }
    }

    private static NoticeRecord record(ResultSet rs) throws SQLException {
        return new NoticeRecord(rs.getString("user_name"), Jdbc.getOptionalInstant(rs, "last_sent_at"),
                Jdbc.getOptionalInstant(rs, "pending_since"));
    }
}
