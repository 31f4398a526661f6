package org.mailedge.sync.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from the node's store, so that the job store lives in the same
 * database as the cache (its tables come from the same Flyway migrations) and Quartz opens
 * no pool of its own. The store owns the data source: shutting Quartz down leaves it open.
 */
final class DataSourceConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    DataSourceConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // The store closes its data source; Quartz must not.
    }

    @Override
    public void initialize() {
        // Nothing to set up: the data source is ready when the store is open.
    }
}
