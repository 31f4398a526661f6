package org.mailedge.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Cli;
import org.mailedge.sync.schedule.ScheduleView;

/** Admins schedule the prefetch with the CLI, which talks to the node's admin API; the job store keeps it. */
class ScheduleAdministrationTest {

    private CentralAndEdge node;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.startWithPrefetch("");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Cli.Result cli(String... args) {
        return Cli.against(node.edge.adminPort().orElseThrow(), args);
    }


    @Test
    void aScheduleSetThroughTheCliSurvivesARestart() throws Exception {
        Cli.Result set = cli("schedule", "set", "--cron", "0 30 3 * * ?", "--max-duration", "90m");
        assertThat(set.status()).as(set.err()).isZero();
        assertThat(set.out()).contains("cron: 0 30 3 * * ?");

        node.restartEdge();

        ScheduleView view = node.edge.scheduler().orElseThrow().schedule().orElseThrow();
        assertThat(view.cron()).isEqualTo("0 30 3 * * ?");
        assertThat(view.maxDuration()).isEqualTo(Duration.ofMinutes(90));
        Cli.Result list = cli("schedule", "list");
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("cron: 0 30 3 * * ?").contains("paused: false");
    }

    @Test
    void pauseAndResumeAreKeptAcrossARestart() throws Exception {
        assertThat(cli("schedule", "pause").out()).contains("paused: true");
        node.restartEdge();
        assertThat(node.edge.scheduler().orElseThrow().schedule().orElseThrow().paused()).isTrue();
        assertThat(cli("schedule", "resume").out()).contains("paused: false");
    }

    @Test
    void anInvalidCronExpressionGetsAClearErrorAndStatusTwo() {
        Cli.Result set = cli("schedule", "set", "--cron", "every night", "--max-duration", "4h");
        assertThat(set.status()).isEqualTo(2);
        assertThat(set.err()).contains("0 0 2 * * ?");
        assertThat(node.edge.scheduler().orElseThrow().schedule().orElseThrow().cron()).isEqualTo("0 0 2 * * ?");
    }

    @Test
    void aBadWindowIsRefusedNamingTheForm() {
        Cli.Result set = cli("schedule", "set", "--cron", "0 0 1 * * ?", "--max-duration", "soon");
        assertThat(set.status()).isEqualTo(2);
        assertThat(set.err()).contains("maxDuration must be a duration such as 90m or 4h");
    }

    @Test
    void aPrefetchRunOnDemandShowsItsProgress() throws Exception {
        var carol = node.user("carol", "pw");
        node.deliver(carol, "one", "first");
        Cli.Result run = cli("prefetch", "run", "--user", "carol");
        assertThat(run.status()).as(run.err()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (node.edge.store().orElseThrow().messages().list("carol").isEmpty()) {
            assertThat(System.nanoTime()).as("carol prefetched within 20 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(node.centralMessageCount(carol)).isEqualTo(1);
    }

    @Test
    void usersPlacedAtTheNodeThroughTheCliAreThoseANightlyRunPrefetches() throws Exception {
        var dave = node.user("dave", "pw");
        var erin = node.user("erin", "pw");
        node.deliver(dave, "for dave", "d");
        node.deliver(erin, "for erin", "e");
        Cli.Result placed = cli("users", "set-home", "--node", "edge", "dave");
        assertThat(placed.status()).as(placed.err()).isZero();
        assertThat(placed.out()).contains("placed: 1");
        assertThat(cli("prefetch", "run").status()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (node.edge.store().orElseThrow().messages().list("dave").isEmpty()) {
            assertThat(System.nanoTime()).as("dave prefetched within 20 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        Cli.Result status = cli("prefetch", "status");
        assertThat(status.out()).contains("usersPlanned: 1");
        assertThat(node.edge.store().orElseThrow().messages().list("erin")).as("erin is not placed here").isEmpty();
    }

    @Test
    void theNodeIsNamedWhenItCannotBeReached() {
        Cli.Result result = Cli.run("schedule", "list", "--admin", "http://127.0.0.1:1/");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("cannot reach the node's admin API at http://127.0.0.1:1/");
    }
}
