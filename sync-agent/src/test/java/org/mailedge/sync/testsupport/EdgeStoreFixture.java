package org.mailedge.sync.testsupport;

import java.nio.file.Path;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.db.StoreConfig;

/** The real store, embedded H2 in a test's temporary directory. */
public final class EdgeStoreFixture {

    private EdgeStoreFixture() {
    }

    public static EdgeStore open(Path directory) {
        return JdbcEdgeStore.open(StoreConfig.embedded(directory));
    }
}
