package org.mailedge.db.deletes;

import org.junit.jupiter.api.BeforeEach;
import org.mailedge.db.H2StoreFixture;
import org.mailedge.db.jdbc.Jdbc;

/** The table-backed queue that PostgreSQL uses, held to the same contract on H2. */
class JdbcDeleteQueueOnH2Test extends H2StoreFixture implements DeleteQueueContract {

    private DeleteQueue queue;

    @BeforeEach
    void tableQueue() {
        queue = new JdbcDeleteQueue(new Jdbc(edgeStore.dataSource()));
    }

    @Override
    public DeleteQueue queue() {
        return queue;
    }
}
