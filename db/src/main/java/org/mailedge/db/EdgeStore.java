package org.mailedge.db;

import javax.sql.DataSource;
import org.mailedge.db.cache.MessageStore;
import org.mailedge.db.deletes.DeleteQueue;
import org.mailedge.db.notices.NoticeLog;
import org.mailedge.db.prefetch.PrefetchRuns;
import org.mailedge.db.users.UserDirectory;

/**
 * The node's durable store, opened and migrated (Flyway) at start. Everything else in the
 * node is soft state.
 */
public interface EdgeStore extends AutoCloseable {

    /**
     * The data source, also used by Quartz's JDBC job store: its {@code QRTZ_} tables come
     * from the same migrations. Quartz's driver delegate is {@code StdJDBCDelegate} on H2 and
     * {@code PostgreSQLDelegate} on PostgreSQL. On H2 it is a pool of
     * {@link JdbcEdgeStore#POOL_MAX_CONNECTIONS} connections shared with the store.
     */
    DataSource dataSource();

    MessageStore messages();

    DeleteQueue deletes();

    UserDirectory users();

    PrefetchRuns prefetchRuns();

    /** When users were last sent an attenuation notice, and the notices still owed. */
    NoticeLog notices();

    @Override
    void close();
}
