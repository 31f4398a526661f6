package org.mailedge.db.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailedge.db.H2StoreFixture;

class H2PrefetchRunsTest extends H2StoreFixture implements PrefetchRunsContract {

    @Override
    public PrefetchRuns runs() {
        return edgeStore.prefetchRuns();
    }

    @Test
    void anOutcomeLongerThanTheColumnIsCutNotRefused() {
        long id = runs().start(T0, 1);
        runs().finish(id, T0, "failed: " + "x".repeat(5000));
        assertThat(runs().find(id).orElseThrow().outcome().orElseThrow())
                .hasSize(JdbcPrefetchRuns.MAX_OUTCOME_LENGTH)
                .startsWith("failed: xxx");
    }
}
