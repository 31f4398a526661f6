package org.mailedge.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.GreenMailUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Cli;
import org.mailedge.node.testing.Pop3Wire;

/**
 * The console's API as an operator uses it, with GreenMail as the central server and checks
 * made over the edge's POP3 listener: what the overview and a user lookup show, and that
 * unthrottle and evict do what their buttons promise.
 */
class ConsoleOverSocketsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private CentralAndEdge node;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start();
        alice = node.user("alice", "secret");
        node.user("bob", "bobs-secret");
        node.deliver(alice, "one", "hello\r\n");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(admin(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(admin(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI admin(String path) {
        return URI.create("http://127.0.0.1:" + node.edge.adminPort().orElseThrow() + path);
    }

    /** A check that lists and, with {@code retrieve}, fetches message 1; returns what RETR delivered. */
    private byte[] check(String user, String password, boolean retrieve) throws Exception {
        try (Pop3Wire pop = node.connect()) {
            assertThat(pop.login(user, password).ask("STAT")).startsWith("+OK");
            byte[] message = null;
            if (retrieve) {
                assertThat(pop.ask("RETR 1")).startsWith("+OK");
                message = pop.rawBody();
            }
            assertThat(pop.ask("QUIT")).startsWith("+OK");
            return message;
        }
    }

    private long counter(String name) throws Exception {
        return get("/api/console/overview").path("counters").path(name).asLong();
    }

    @Test
    void theOverviewCountsChecksPerMinuteAndNamesTheBusiestPoller() throws Exception {
        check("alice", "secret", false);               // through
        node.clock.advance(Duration.ofMinutes(1));
        check("alice", "secret", false);               // answered at the edge
        check("alice", "secret", false);               // answered at the edge
        check("bob", "bobs-secret", false);            // through

        JsonNode overview = get("/api/console/overview");
        assertThat(overview.path("counters").path("checks").asLong()).isEqualTo(4);
        assertThat(overview.path("counters").path("answeredAtEdge").asLong()).isEqualTo(2);
        assertThat(overview.path("counters").path("passedThrough").asLong()).isEqualTo(2);
        assertThat(overview.path("usersTracked").asInt()).isEqualTo(2);
        JsonNode history = overview.path("history");
        assertThat(history).hasSize(60);
        long edge = 0;
        long central = 0;
        for (JsonNode minute : history) {
            edge += minute.path("answeredAtEdge").asLong();
            central += minute.path("passedThrough").asLong();
        }
        assertThat(edge).as("the chart holds every check answered at the edge").isEqualTo(2);
        assertThat(central).isEqualTo(2);
        assertThat(overview.path("busiest").get(0).path("user").asText()).isEqualTo("alice");
        assertThat(overview.path("busiest").get(0).path("checks").asLong()).isEqualTo(3);
        assertThat(overview.path("prefetch").path("available").asBoolean()).as("no prefetch configured").isFalse();
    }

    @Test
    void aLookupShowsTheLastKnownMailboxTheCacheAndTheLastSession() throws Exception {
        check("alice", "secret", true);
        JsonNode user = get("/api/users/lookup?user=alice");
        assertThat(user.path("attenuation").path("mailbox").path("messages").asInt()).isEqualTo(1);
        assertThat(user.path("attenuation").path("sessionOpen").asBoolean()).isFalse();
        assertThat(user.path("cache").path("messages").asInt()).as("kept when retrieved").isEqualTo(1);
        assertThat(user.path("directory").path("lastSeenNode").asText()).isEqualTo("edge");
        assertThat(user.path("recentChecks").asLong()).isEqualTo(1);

        JsonNode stranger = get("/api/users/lookup?user=nobody");
        assertThat(stranger.path("attenuation").isNull()).isTrue();
        assertThat(stranger.path("cache").path("messages").asInt()).isZero();
        assertThat(stranger.path("directory").isNull()).isTrue();
    }

    @Test
    void afterUnthrottleTheUsersNextCheckGoesToTheCentralServer() throws Exception {
        check("alice", "secret", false);
        check("alice", "secret", false);
        assertThat(counter("answeredAtEdge")).isEqualTo(1);
        node.deliver(alice, "two", "new mail the edge does not know of\r\n");

        HttpResponse<String> response = post("/api/users/unthrottle", "{\"user\": \"alice\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("unthrottled").asBoolean()).isTrue();
        assertThat(get("/api/users/lookup?user=alice").path("attenuation").isNull()).isTrue();

        long through = counter("passedThrough");
        try (Pop3Wire pop = node.connect()) {          // within n, yet through: the new message shows at once
            assertThat(pop.login("alice", "secret").ask("STAT")).startsWith("+OK 2 ");
            pop.ask("QUIT");
        }
        assertThat(counter("passedThrough")).isEqualTo(through + 1);
        assertThat(counter("answeredAtEdge")).isEqualTo(1);
    }

    @Test
    void unthrottleNeverLetsAWrongPasswordIn() throws Exception {
        check("alice", "secret", false);
        post("/api/users/unthrottle", "{\"user\": \"alice\"}");
        try (Pop3Wire pop = node.connect()) {
            pop.ask("USER alice");
            assertThat(pop.ask("PASS not-her-password")).startsWith("-ERR");
        }
    }

    @Test
    void evictDropsTheCachedCopiesAndTheNextRetrievalComesFromTheCentralServerUnchanged() throws Exception {
        byte[] first = check("alice", "secret", true);
        assertThat(node.edge.store().orElseThrow().messages().list("alice")).hasSize(1);

        HttpResponse<String> response = post("/api/users/evict", "{\"user\": \"alice\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("evicted").asInt()).isEqualTo(1);
        assertThat(node.edge.store().orElseThrow().messages().list("alice")).isEmpty();
        assertThat(node.centralMessageCount(alice)).as("evicting never deletes at the central server").isEqualTo(1);

        node.clock.advance(Duration.ofMinutes(16));
        long fromCentral = counter("bytesFromCentral");
        assertThat(check("alice", "secret", true)).isEqualTo(first);
        assertThat(counter("bytesFromCentral")).isEqualTo(fromCentral + first.length);
    }

    @Test
    void aRequestWithoutAUserNamesTheField() throws Exception {
        HttpResponse<String> response = post("/api/users/evict", "{}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'user' is required");
        HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(admin("/api/users/lookup")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lookup.statusCode()).isEqualTo(400);
    }

    @Test
    void theCommandLineShowsAndUnthrottlesAUser() throws Exception {
        check("alice", "secret", false);
        int port = node.edge.adminPort().orElseThrow();
        Cli.Result shown = Cli.against(port, "users", "show", "alice");
        assertThat(shown.status()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("user: alice").contains("messages: 1");

        Cli.Result unthrottled = Cli.against(port, "users", "unthrottle", "alice");
        assertThat(unthrottled.status()).as(unthrottled.err()).isZero();
        assertThat(unthrottled.out()).contains("unthrottled: true");
        assertThat(node.edge.table().view("alice")).isEmpty();

        Cli.Result evicted = Cli.against(port, "users", "evict", "alice");
        assertThat(evicted.out()).contains("evicted: 0");
    }

    @Test
    void theConsolePageIsServed() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(admin("/console")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("id=\"history-chart\"").contains("api/console/overview");
    }
}
