package org.mailedge.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.mailedge.db.cache.FileMessageStore;
import org.mailedge.db.cache.JdbcMessageStore;
import org.mailedge.db.cache.MessageStore;
import org.mailedge.db.deletes.DeleteQueue;
import org.mailedge.db.deletes.FileDeleteQueue;
import org.mailedge.db.deletes.JdbcDeleteQueue;
import org.mailedge.db.jdbc.Jdbc;
import org.mailedge.db.notices.JdbcNoticeLog;
import org.mailedge.db.notices.NoticeLog;
import org.mailedge.db.prefetch.JdbcPrefetchRuns;
import org.mailedge.db.prefetch.PrefetchRuns;
import org.mailedge.db.users.JdbcUserDirectory;
import org.mailedge.db.users.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store over JDBC: embedded H2 by default, PostgreSQL (or any URL whose driver is on the
 * class path and whose dialect the migrations speak) for several nodes sharing one store.
 *
 * <p>{@link #open} creates the data directory, opens the data source, checks that H2's
 * settings are crash-safe, runs the Flyway migrations ({@code classpath:db/migration/common}
 * plus {@code classpath:db/migration/h2} or {@code .../postgresql}, which hold the cache table
 * and Quartz's job-store tables) and repairs the message files after a crash, before it returns.
 *
 * <p><b>What lives where.</b> On PostgreSQL everything is in the database, message bytes
 * included (BYTEA): PostgreSQL's commit is durable and the nodes sharing it share the cache.
 * On embedded H2 the two things that must survive a crash whole are files under the data
 * directory, written temp-fsync-rename-fsync: the message bytes ({@link FileMessageStore},
 * H2 holding the index over them) and the delete queue ({@link FileDeleteQueue}). The user
 * directory, the prefetch runs and Quartz's tables stay in H2.
 *
 * <p><b>Why, and H2's settings.</b> H2's MVStore writes committed changes to its file from a
 * background thread, by default up to {@code WRITE_DELAY} = 500 ms after the commit. With
 * {@code WRITE_DELAY=0} every commit writes its chunk before {@code commit()} returns, and
 * in our crash test a first run killed with SIGKILL lost nothing. But H2 2.5.252 lost its
 * most recent committed transactions when a run that followed earlier crashes and restarts was
 * killed: 25 of 1,280 entries over 15 kills with H2's defaults otherwise, 14 of 3,505 over 40
 * kills even with {@code MAX_COMPACT_TIME=0} (H2 2.3.232: 0 of 3,505). So H2 holds nothing
 * whose loss would lose or resurrect mail. {@code open} still adds {@code WRITE_DELAY=0} and
 * {@code MAX_COMPACT_TIME=0} to an H2 URL that does not name them, and refuses unsafe values
 * ({@link H2Setting}), which keeps losses in H2 to the rare case above (db/README.md,
 * "Durability").
 *
 * <p><b>Connections.</b> H2 gets H2's own {@link JdbcConnectionPool}; other URLs get a plain
 * {@link java.sql.DriverManager} data source (a new connection per use), which is correct
 * but unpooled.
 */
public final class JdbcEdgeStore implements EdgeStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEdgeStore.class);

    /**
     * Connections in H2's pool: the node's sessions, the prefetch job, and Quartz's JDBC job
     * store (which wants its thread count plus two) share them. A caller beyond this waits up
     * to {@link #POOL_WAIT_SECONDS}.
     */
    public static final int POOL_MAX_CONNECTIONS = 32;

    /** Seconds a caller waits for a free pooled connection before the store reports failure. */
    public static final int POOL_WAIT_SECONDS = 30;

    /**
     * H2 settings the store needs for crash safety, with the value it adds to an H2 URL that
     * does not name them (see the class comment and db/README.md, "Durability").
     */
    enum H2Setting {
        /** 0: every commit writes the MVStore chunk before {@code commit()} returns. */
        WRITE_DELAY("0") {
            @Override
            boolean safe(long value) {
                return value == 0;
            }
        },
        /**
         * 0: no chunk-moving compaction when the database closes. In H2 2.5.252 a file that
         * was compacted at close lost recent commits when the next run was killed (25 of
         * 1,280 committed entries over 15 kills; with 0, none over those 15 kills and 14 of
         * 3,505 over 40). Free space is still reused while the node runs.
         */
        MAX_COMPACT_TIME("0") {
            @Override
            boolean safe(long value) {
                return value == 0;
            }
        },
        /**
         * H2's default 45 s: freed file space is reused only after this long. Lower values
         * let a commit overwrite space that crash recovery still reads (measured with 0:
         * committed entries lost on SIGKILL), so a URL may raise it but not lower it.
         */
        RETENTION_TIME(null) {
            @Override
            boolean safe(long value) {
                return value >= 45_000;
            }
        };

        /** The value to add to a URL that does not name the setting; null: keep H2's default. */
        final String defaultValue;

        H2Setting(String defaultValue) {
            this.defaultValue = defaultValue;
        }

        abstract boolean safe(long value);
    }

    /** Portable migrations, run on every database. */
    static final String COMMON_MIGRATIONS = "classpath:db/migration/common";

    /**
     * Database-specific migrations; {@code {vendor}} is the database's folder, {@code h2} or
     * {@code postgresql}. Flyway itself has no such placeholder (Spring Boot adds one to
     * Flyway's locations); {@link #vendor} resolves it here, with the same folder names.
     */
    static final String VENDOR_MIGRATIONS = "classpath:db/migration/{vendor}";

    private final DataSource dataSource;
    private final Runnable closer;
    private final MessageStore messages;
    private final DeleteQueue deletes;
    private final UserDirectory users;
    private final PrefetchRuns prefetchRuns;
    private final NoticeLog notices;

    /** Under the data directory on H2: one file per cached message (see {@link FileMessageStore}). */
    public static final String MESSAGES_DIRECTORY = "messages";

    /** Under the data directory on H2: one file per queued delete (see {@link FileDeleteQueue}). */
    public static final String DELETE_QUEUE_DIRECTORY = "delete-queue";

    private JdbcEdgeStore(DataSource dataSource, Runnable closer, boolean h2, Path dataDirectory) {
        this.dataSource = dataSource;
        this.closer = closer;
        Jdbc jdbc = new Jdbc(dataSource);
        if (h2) {
            this.messages = FileMessageStore.open(jdbc, dataDirectory.resolve(MESSAGES_DIRECTORY));
            this.deletes = FileDeleteQueue.open(dataDirectory.resolve(DELETE_QUEUE_DIRECTORY));
        } else {
            this.messages = new JdbcMessageStore(jdbc);
            this.deletes = new JdbcDeleteQueue(jdbc);
        }
        this.users = new JdbcUserDirectory(jdbc);
        this.prefetchRuns = new JdbcPrefetchRuns(jdbc);
        this.notices = new JdbcNoticeLog(jdbc);
    }

    /**
     * Opens the store: creates the data directory, opens the data source, migrates the
     * schema, and checks durability settings.
     *
     * @throws StoreException if the directory cannot be created, the database cannot be
     *     reached or migrated, or an H2 URL asks for delayed commits
     */
    public static JdbcEdgeStore open(StoreConfig config) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(config.jdbcUrl(), "config.jdbcUrl");
        Objects.requireNonNull(config.dataDirectory(), "config.dataDirectory");
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + config.dataDirectory() + ": " + e, e);
        }
        String user = config.user() == null ? "" : config.user();
        String password = config.password() == null ? "" : config.password();

        DataSource dataSource;
        Runnable closer;
        boolean h2 = isH2(config.jdbcUrl());
        if (h2) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(durableH2Url(config.jdbcUrl()), user, password);
            pool.setMaxConnections(POOL_MAX_CONNECTIONS);
            pool.setLoginTimeout(POOL_WAIT_SECONDS);
            dataSource = pool;
            closer = pool::dispose;
        } else {
            dataSource = new DriverManagerDataSource(config.jdbcUrl(), user, password);
            closer = () -> { };
        }
        try {
            if (h2) {
                checkH2Settings(dataSource);
            }
            migrate(dataSource);
        } catch (RuntimeException e) {
            closer.run();
            throw e;
        }
        JdbcEdgeStore store;
        try {
            store = new JdbcEdgeStore(dataSource, closer, h2, config.dataDirectory());
        } catch (RuntimeException e) {
            closer.run();
            throw e;
        }
        LOG.info("store open at {} (schema migrated)", redact(config.jdbcUrl()));
        return store;
    }

    static boolean isH2(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length());
    }

    /** The H2 URL with each {@link H2Setting} that it does not name added with the store's value. */
    static String durableH2Url(String jdbcUrl) {
        StringBuilder url = new StringBuilder(jdbcUrl);
        String upper = jdbcUrl.toUpperCase(Locale.ROOT);
        for (H2Setting setting : H2Setting.values()) {
            if (setting.defaultValue != null && !upper.contains(";" + setting.name() + "=")) {
                url.append(';').append(setting.name()).append('=').append(setting.defaultValue);
            }
        }
        return url.toString();
    }

    /** Reads the settings in force and refuses to run with one that is not crash-safe. */
    private static void checkH2Settings(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS")) {
            java.util.Map<String, String> inForce = new java.util.HashMap<>();
            while (rs.next()) {
                inForce.put(rs.getString(1), rs.getString(2));
            }
            for (H2Setting setting : H2Setting.values()) {
                String value = inForce.get(setting.name());
                if (value == null || !setting.safe(Long.parseLong(value.trim()))) {
                    throw new StoreException("the H2 URL sets " + setting.name() + "=" + value + ", which does not"
                            + " keep committed messages and deletes across a crash; leave " + setting.name()
                            + " out of the URL (see db/README.md, \"Durability\")");
                }
            }
        } catch (SQLException | NumberFormatException e) {
            throw new StoreException("cannot open the store: " + e.getMessage(), e);
        }
    }

    /** The folder of vendor migrations for the database behind the data source. */
    static String vendor(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StoreException("cannot open the store: " + e.getMessage(), e);
        }
        String p = product.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return "h2";
        }
        if (p.equals("postgresql")) {
            return "postgresql";
        }
        throw new StoreException("the store's migrations are written for H2 and PostgreSQL, not for " + product);
    }

    private static void migrate(DataSource dataSource) {
        String vendorLocation = VENDOR_MIGRATIONS.replace("{vendor}", vendor(dataSource));
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(COMMON_MIGRATIONS, vendorLocation)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store's schema: " + e.getMessage(), e);
        }
    }

    /** The URL for a log line: JDBC URLs may carry a password parameter. */
    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public DeleteQueue deletes() {
        return deletes;
    }

    @Override
    public UserDirectory users() {
        return users;
    }

    @Override
    public PrefetchRuns prefetchRuns() {
        return prefetchRuns;
    }

    @Override
    public NoticeLog notices() {
        return notices;
    }

    /** Closes the pool; on embedded H2 the database closes with its last connection. */
    @Override
    public void close() {
        closer.run();
    }
}
