package org.mailedge.db.notices;

import org.mailedge.db.H2StoreFixture;

class H2NoticeLogTest extends H2StoreFixture implements NoticeLogContract {

    @Override
    public NoticeLog log() {
        return edgeStore.notices();
    }

    @Override
    public NoticeLog reopened() {
        reopen();
        return edgeStore.notices();
    }
}
