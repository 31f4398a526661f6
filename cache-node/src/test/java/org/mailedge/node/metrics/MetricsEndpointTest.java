package org.mailedge.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;

/**
 * {@code GET /metrics} over a real socket: checks made with a real POP3 client over TCP move
 * the Prometheus counters by exactly what happened, and the answer is the text exposition
 * format 0.0.4 a Prometheus server parses.
 */
class MetricsEndpointTest {

    /** A sample line: name, optional labels, a value (Go float syntax), no timestamp. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*})? (\\S+)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)");

    private final HttpClient http = HttpClient.newHttpClient();
    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start();
        alice = node.user("alice", "secret");
        node.user("bob", "bobs-secret");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void checksOverPop3MoveTheCountersByWhatHappened() throws Exception {
        node.deliver(alice, "one", "hello\r\n");
        Map<String, Double> before = scrape();

        long size;
        try (Pop3Wire pop = node.connect()) {          // goes through; RETR from the central server, kept
            pop.login("alice", "secret");
            assertThat(pop.ask("RETR 1")).startsWith("+OK");
            size = pop.rawBody().length;
            pop.ask("QUIT");
        }
        node.clock.advance(Duration.ofMinutes(1));
        try (Pop3Wire pop = node.connect()) {          // answered at the edge
            pop.login("alice", "secret");
            pop.ask("QUIT");
        }
        node.clock.advance(Duration.ofMinutes(16));
        try (Pop3Wire pop = node.connect()) {          // the time rule lets it through; RETR from the cache
            pop.login("alice", "secret");
            assertThat(pop.ask("RETR 1")).startsWith("+OK");
            pop.rawBody();
            pop.ask("QUIT");
        }
        try (Pop3Wire pop = node.connect()) {          // a wrong password
            pop.ask("USER bob");
            assertThat(pop.ask("PASS wrong")).startsWith("-ERR");
            pop.ask("QUIT");
        }
        node.notifyNewMail("alice");
        Poll.until(Duration.ofSeconds(10), "four sessions ended, their connections closed, the notification counted",
                () -> delta(before, scrape(), "mailedge_sessions_total{mode=\"through\"}") == 2
                        && delta(before, scrape(), "mailedge_notifications_accepted_total") == 1
                        && delta(before, scrape(), "mailedge_sessions_total{mode=\"refused\"}") == 1
                        && scrape().get("mailedge_pop3_connections_open") == 0.0);

        Map<String, Double> after = scrape();
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("mailedge_checks_total", 4.0);
        expected.put("mailedge_checks_answered_at_edge_total", 1.0);
        expected.put("mailedge_upstream_logins_avoided_total", 1.0);
        expected.put("mailedge_sessions_total{mode=\"through\"}", 2.0);
        expected.put("mailedge_sessions_total{mode=\"attenuated\"}", 1.0);
        expected.put("mailedge_sessions_total{mode=\"refused\"}", 1.0);
        expected.put("mailedge_sessions_total{mode=\"delayed\"}", 0.0);
        expected.put("mailedge_logins_refused_total", 1.0);
        expected.put("mailedge_cache_hits_total", 1.0);
        expected.put("mailedge_cache_misses_total", 1.0);
        expected.put("mailedge_served_bytes_total{source=\"cache\"}", (double) size);
        expected.put("mailedge_served_bytes_total{source=\"central\"}", (double) size);
        expected.put("mailedge_pop3_connections_opened_total", 4.0);
        expected.put("mailedge_notifications_accepted_total", 1.0);
        expected.put("mailedge_notification_recipients_total{user=\"known\"}", 1.0);
        expected.put("mailedge_delay_inserted_seconds_total", 0.0);
        Map<String, Double> moved = new LinkedHashMap<>();
        expected.keySet().forEach(name -> moved.put(name, delta(before, after, name)));
        assertThat(moved).isEqualTo(expected);
        // the wrong password went to the central server too: passed through = through sessions + the refused one
        assertThat(delta(before, after, "mailedge_checks_passed_through_total")).isEqualTo(3.0);
        assertThat(after).containsEntry("mailedge_pop3_connections_open", 0.0)
                .containsEntry("mailedge_users_tracked", 1.0)
                .containsKeys("mailedge_notifications_rejected_total{reason=\"not_allowed\"}",
                        "mailedge_uid_mismatches_total", "mailedge_deletes_queued_total", "mailedge_delayed_sessions_total",
                        "mailedge_sessions_total{mode=\"login_delay\"}", "mailedge_sessions_total{mode=\"in_use\"}",
                        "mailedge_sessions_total{mode=\"offline\"}", "mailedge_sessions_total{mode=\"unavailable\"}",
                        "process_files_open_files", "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}");
    }

    @Test
    void aPrefetchRunShowsItsProgress() throws Exception {
        node.close();
        node = CentralAndEdge.startWithPrefetch("");
        GreenMailUser carol = node.user("carol", "pw");
        node.deliver(carol, "one", "first");
        node.deliver(carol, "two", "second");
        node.edge.scheduler().orElseThrow().runNow(Optional.of("carol"));
        Poll.until(Duration.ofSeconds(20), "the finished run in the prefetch gauges", () -> {
            Map<String, Double> m = scrape();
            return m.get("mailedge_prefetch_running") == 0.0 && m.get("mailedge_prefetch_users_done") == 1.0
                    && m.get("mailedge_prefetch_stored_messages") == 2.0;
        }, () -> "scraped: " + scrapeQuietly());
        assertThat(scrape().get("mailedge_prefetch_stored_bytes")).isPositive();
    }

    @Test
    void theAdaptiveIntervalAndItsLoadSignalAreGauges() throws Exception {
        assertThat(scrape()).containsEntry("mailedge_attenuation_interval_seconds", 900.0);
        node.close();
        // as in PolicySelectionOverSocketsTest: eleven central sessions in an hour-long average exceed high-rate
        node = CentralAndEdge.start("""
                attenuation:
                  policy: adaptive
                  adaptive: {min-interval: 1m, max-interval: 30m, low-rate: 0.0003, high-rate: 0.002, smoothing: 1h}
                """);
        assertThat(scrape()).containsEntry("mailedge_attenuation_interval_seconds", 60.0)
                .containsEntry("mailedge_central_session_rate", 0.0);
        for (int i = 0; i < 11; i++) {
            node.user("user" + i, "pw" + i);
            try (Pop3Wire pop = node.connect()) {
                pop.login("user" + i, "pw" + i);
                pop.ask("QUIT");
            }
        }
        Map<String, Double> loaded = scrape();
        assertThat(loaded.get("mailedge_central_session_rate")).isGreaterThan(0.002);
        assertThat(loaded).containsEntry("mailedge_attenuation_interval_seconds", 1800.0);
    }

    @Test
    void anOpenConnectionShowsInTheGauge() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            Poll.until(Duration.ofSeconds(5), "the connection counted",
                    () -> scrape().get("mailedge_pop3_connections_open") == 1.0);
        }
        Poll.until(Duration.ofSeconds(5), "the closed connection no longer counted",
                () -> scrape().get("mailedge_pop3_connections_open") == 0.0);
    }

    @Test
    void theAnswerIsTheTextExpositionFormatWithATypeLineBeforeEachFamily() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Set<String> typed = new HashSet<>();
        int samples = 0;
        for (String line : response.body().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                assertThat(line).matches(TYPE);
                Matcher m = TYPE.matcher(line);
                assertThat(m.matches()).isTrue();
                typed.add(m.group(1));
                continue;
            }
            if (line.startsWith("# HELP ")) {
                continue;
            }
            assertThat(line).as("a sample line").matches(SAMPLE);
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).isTrue();
            String name = m.group(1);
            assertThat(typed).as("a # TYPE line before " + name)
                    .anyMatch(family -> name.equals(family) || name.startsWith(family + "_"));
            Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            samples++;
        }
        assertThat(samples).isGreaterThan(40);
        assertThat(typed).contains("mailedge_checks_total", "mailedge_sessions_total", "mailedge_pop3_connections_open",
                "mailedge_served_bytes_total", "mailedge_delay_inserted_seconds_total");
        assertThat(response.body()).doesNotContain("secret");
    }

    @Test
    void onlyGetIsAnswered() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).as("samples").containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

    /** Every sample of a scrape, keyed by its name and labels as they appear on the line. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private String scrapeQuietly() {
        try {
            return scrape().entrySet().stream().filter(e -> e.getKey().startsWith("mailedge_prefetch")).toList().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.edge.adminPort().orElseThrow() + path);
    }
}
