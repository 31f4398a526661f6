package org.mailedge.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.cli.MailEdgeCommand;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.sync.schedule.ScheduleView;
import picocli.CommandLine;

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

    /** Runs {@code mailedge ARGS --admin URL}; returns the exit status and what was printed. */
    private Result cli(String... args) {
        String[] withAdmin = new String[args.length + 2];
        System.arraycopy(args, 0, withAdmin, 0, args.length);
        withAdmin[args.length] = "--admin";
        withAdmin[args.length + 1] = "http://127.0.0.1:" + node.edge.adminPort().orElseThrow() + "/";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new MailEdgeCommand()).execute(withAdmin);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private record Result(int status, String out, String err) {}

    @Test
    void aScheduleSetThroughTheCliSurvivesARestart() throws Exception {
        Result set = cli("schedule", "set", "--cron", "0 30 3 * * ?", "--max-duration", "90m");
        assertThat(set.status()).as(set.err()).isZero();
        assertThat(set.out()).contains("cron: 0 30 3 * * ?");

        node.restartEdge();

        ScheduleView view = node.edge.scheduler().orElseThrow().schedule().orElseThrow();
        assertThat(view.cron()).isEqualTo("0 30 3 * * ?");
        assertThat(view.maxDuration()).isEqualTo(Duration.ofMinutes(90));
        Result list = cli("schedule", "list");
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
        Result set = cli("schedule", "set", "--cron", "every night", "--max-duration", "4h");
        assertThat(set.status()).isEqualTo(2);
        assertThat(set.err()).contains("0 0 2 * * ?");
        assertThat(node.edge.scheduler().orElseThrow().schedule().orElseThrow().cron()).isEqualTo("0 0 2 * * ?");
    }

    @Test
    void aBadWindowIsRefusedNamingTheForm() {
        Result set = cli("schedule", "set", "--cron", "0 0 1 * * ?", "--max-duration", "soon");
        assertThat(set.status()).isEqualTo(2);
        assertThat(set.err()).contains("maxDuration must be a duration such as 90m or 4h");
    }

    @Test
    void aPrefetchRunOnDemandShowsItsProgress() throws Exception {
        var carol = node.user("carol", "pw");
        node.deliver(carol, "one", "first");
        Result run = cli("prefetch", "run", "--user", "carol");
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
        Result placed = cli("users", "set-home", "--node", "edge", "dave");
        assertThat(placed.status()).as(placed.err()).isZero();
        assertThat(placed.out()).contains("placed: 1");
        assertThat(cli("prefetch", "run").status()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (node.edge.store().orElseThrow().messages().list("dave").isEmpty()) {
            assertThat(System.nanoTime()).as("dave prefetched within 20 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        Result status = cli("prefetch", "status");
        assertThat(status.out()).contains("usersPlanned: 1");
        assertThat(node.edge.store().orElseThrow().messages().list("erin")).as("erin is not placed here").isEmpty();
    }

    @Test
    void theNodeIsNamedWhenItCannotBeReached() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = new CommandLine(new MailEdgeCommand()).execute("schedule", "list", "--admin", "http://127.0.0.1:1/");
        } finally {
            System.setErr(saved);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the node's admin API at http://127.0.0.1:1/");
    }
}
