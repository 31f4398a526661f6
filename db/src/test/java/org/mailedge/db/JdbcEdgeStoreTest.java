package org.mailedge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcEdgeStoreTest {

    @TempDir
    Path tmp;

    @Test
    void openingCreatesTheDataDirectoryAndTheH2FileInIt() {
        Path dir = tmp.resolve("does/not/exist/yet");
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(dir))) {
            assertThat(store.deletes().size()).isZero();
        }
        assertThat(dir.resolve("mailedge.mv.db")).isRegularFile();
    }

    @Test
    void migrationsCreateQuartzJobStoreTables() throws SQLException {
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(tmp))) {
            for (String table : List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_CRON_TRIGGERS",
                    "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS",
                    "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS")) {
                assertThat(count(store, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
            }
        }
    }

    @Test
    void migrationsCreateTheEdgeTables() throws SQLException {
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(tmp))) {
            for (String table : List.of("cached_message", "edge_user", "pending_delete", "prefetch_run")) {
                assertThat(count(store, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
            }
        }
    }

    @Test
    void reopeningKeepsDataAndRunsNoMigrationTwice() throws SQLException {
        String history = "SELECT COUNT(*) FROM \"flyway_schema_history\"";
        long applied;
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(tmp))) {
            store.deletes().enqueue("alice", List.of("u1"), Instant.parse("2025-01-01T00:00:00Z"));
            applied = count(store, history);
            assertThat(count(store, history + " WHERE \"success\" AND \"version\" IN ('1', '2', '3')")).isEqualTo(3);
        }
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(tmp))) {
            assertThat(store.deletes().pendingUids("alice")).containsExactly("u1");
            assertThat(count(store, history)).isEqualTo(applied);
        }
    }

    @Test
    void h2WritesEachCommitAtOnceAndNeverCompactsAtClose() throws SQLException {
        try (JdbcEdgeStore store = JdbcEdgeStore.open(StoreConfig.embedded(tmp))) {
            assertThat(setting(store, "WRITE_DELAY")).isEqualTo("0");
            assertThat(setting(store, "MAX_COMPACT_TIME")).isEqualTo("0");
            assertThat(setting(store, "RETENTION_TIME")).isEqualTo("45000");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WRITE_DELAY=500", "MAX_COMPACT_TIME=200", "RETENTION_TIME=0"})
    void anH2UrlWithACrashUnsafeSettingIsRefusedByName(String setting) {
        StoreConfig config = new StoreConfig(StoreConfig.h2Url(tmp) + ";" + setting, "sa", "", tmp);
        assertThatThrownBy(() -> JdbcEdgeStore.open(config))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the H2 URL sets " + setting);
    }

    @Test
    void anH2UrlMayRaiseTheRetentionTime() throws SQLException {
        StoreConfig config = new StoreConfig(StoreConfig.h2Url(tmp) + ";RETENTION_TIME=60000", "sa", "", tmp);
        try (JdbcEdgeStore store = JdbcEdgeStore.open(config)) {
            assertThat(setting(store, "RETENTION_TIME")).isEqualTo("60000");
        }
    }

    private static String setting(JdbcEdgeStore store, String name) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            assertThat(rs.next()).as(name).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsReportedByName() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> JdbcEdgeStore.open(StoreConfig.embedded(file.resolve("sub"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("data directory");
    }

    private static long count(JdbcEdgeStore store, String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
