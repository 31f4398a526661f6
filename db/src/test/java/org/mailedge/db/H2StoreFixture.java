package org.mailedge.db;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh embedded H2 store (the node's default) in a temporary data directory for each test. */
public abstract class H2StoreFixture {

    @TempDir
    protected Path dataDirectory;

    protected JdbcEdgeStore edgeStore;

    @BeforeEach
    void openStore() {
        edgeStore = JdbcEdgeStore.open(StoreConfig.embedded(dataDirectory));
    }

    @AfterEach
    void closeStore() {
        edgeStore.close();
    }

    /** Closes the store and opens it again on the same data directory, as a restart would. */
    protected void reopen() {
        edgeStore.close();
        edgeStore = JdbcEdgeStore.open(StoreConfig.embedded(dataDirectory));
    }
}
