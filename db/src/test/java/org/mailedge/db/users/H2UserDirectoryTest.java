package org.mailedge.db.users;

import org.mailedge.db.H2StoreFixture;

class H2UserDirectoryTest extends H2StoreFixture implements UserDirectoryContract {

    @Override
    public UserDirectory directory() {
        return edgeStore.users();
    }
}
