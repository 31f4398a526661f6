package org.mailedge.node.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.db.EdgeStore;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.CentralTruth;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.TappedProxy;
import org.mailedge.node.testing.TestMail;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.prefetch.PrefetchConfig;
import org.mailedge.sync.prefetch.Prefetcher;
import org.mailedge.sync.prefetch.UserResult;

/**
 * What {@link ConcurrentSessionsAndPrefetchTest} runs into, made deterministic: the prefetch
 * RETRs by the message numbers of its own session's listing, and GreenMail (which takes no
 * maildrop lock) renumbers the maildrop when another session's QUIT expunges a message. Here
 * another client of the user deletes message 1 straight at the central server while the
 * prefetch's first RETR is held in a {@link TappedProxy}; then the RETR goes on.
 */
class PrefetchWhileTheMaildropIsRenumberedTest {

    private CentralAndEdge node;
    private GreenMailUser erin;
    private TappedProxy tap;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.startWithPrefetch("");
        erin = node.user("erin", "pw");
        tap = new TappedProxy(node.central.getPop3().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        tap.close();
        node.close();
    }

    @Test
    void eachCachedMessageIsTheCentralCopyOfItsUidEvenIfTheMaildropIsRenumberedDuringThePrefetch() throws Exception {
        for (int m = 1; m <= 3; m++) {
            TestMail.deliver(erin, TestMail.message(erin.getEmail(), "erin-m" + m, 300 * m, m));
        }
        Map<String, byte[]> truth = CentralTruth.messages(node.central.getPop3().getPort(), "erin", "pw");
        List<String> uids = List.copyOf(truth.keySet());
        EdgeStore store = node.edge.store().orElseThrow();
        Prefetcher prefetcher = new Prefetcher(store, CentralEndpoint.of("127.0.0.1", tap.port()),
                node.edge.config().prefetch().credentials().orElseThrow().open(), PrefetchConfig.defaults("edge"));

        TappedProxy.Hold firstRetr = tap.holdCommand("RETR");
        CompletableFuture<UserResult> prefetch = CompletableFuture.supplyAsync(() -> prefetcher.prefetchUser("erin"));
        assertThat(firstRetr.await(Duration.ofSeconds(10))).isEqualTo("RETR 1");
        try (Pop3Wire other = node.connectCentral()) { // the user's phone, straight at the central server
            other.login("erin", "pw");
            assertThat(other.ask("DELE 1")).startsWith("+OK");
            assertThat(other.ask("QUIT")).startsWith("+OK");
        }
        firstRetr.release();
        UserResult result = prefetch.get(20, TimeUnit.SECONDS);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(result.status()).as("prefetch outcome").isNotNull();
        for (String uid : uids) {
            store.messages().content("erin", uid).ifPresent(content -> soft.assertThat(
                    TestMail.difference(content, TestMail.unstuff(truth.get(uid)))).as("cached UID %s", uid).isNull());
        }
        try (Pop3Wire pop = node.connect()) {
            pop.login("erin", "pw");
            Map<Integer, String> listing = CentralTruth.uidl(pop);
            soft.assertThat(listing.values()).containsExactly(uids.get(1), uids.get(2));
            for (Map.Entry<Integer, String> m : listing.entrySet()) {
                soft.assertThat(pop.ask("RETR " + m.getKey())).startsWith("+OK");
                soft.assertThat(TestMail.difference(pop.rawBody(), truth.get(m.getValue())))
                        .as("RETR %d (UID %s) through the edge", m.getKey(), m.getValue()).isNull();
            }
            pop.ask("QUIT");
        }
        soft.assertAll();
    }
}
