package org.mailedge.db.cache;

import org.junit.jupiter.api.BeforeEach;
import org.mailedge.db.H2StoreFixture;
import org.mailedge.db.jdbc.Jdbc;
import org.mailedge.db.users.UserDirectory;

/** The content-in-the-row cache that PostgreSQL uses, held to the same contract on H2 (BLOB). */
class JdbcMessageStoreOnH2Test extends H2StoreFixture implements MessageStoreContract {

    private MessageStore store;

    @BeforeEach
    void rowStore() {
        store = new JdbcMessageStore(new Jdbc(edgeStore.dataSource()));
    }

    @Override
    public MessageStore store() {
        return store;
    }

    @Override
    public UserDirectory users() {
        return edgeStore.users();
    }
}
