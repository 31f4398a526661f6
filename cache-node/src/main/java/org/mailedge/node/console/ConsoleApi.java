package org.mailedge.node.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.cache.CachedMessage;
import org.mailedge.node.admin.AdminServer;
import org.mailedge.node.admin.AdminServer.AdminError;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.delay.DelayTable;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.sync.schedule.PrefetchScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console ({@code GET /console}) and the JSON behind it: an overview for the live
 * counters, the chart and the busiest pollers; a user's state; and the two operator actions on
 * a user, unthrottle (forget the attenuation and delay entries, so the next check goes through)
 * and evict (drop the cached copies; the central server still has every message). Prefetch
 * runs and the schedule use the routes of {@code AdminApi}.
 */
public final class ConsoleApi {

    public static final String PATH = "/console";
    private static final int BUSIEST_SHOWN = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);

    private final String nodeName;
    private final String hostName;
    private final EdgeCounters counters;
    private final AttenuationTable table;
    private final DelayTable delays;
    private final BusiestPollers pollers;
    private final TrafficHistory history;
    private final Optional<PrefetchScheduler> scheduler;
    private final Optional<EdgeStore> store;

    public ConsoleApi(String nodeName, String hostName, EdgeCounters counters, AttenuationTable table, DelayTable delays,
                      BusiestPollers pollers, TrafficHistory history, Optional<PrefetchScheduler> scheduler,
                      Optional<EdgeStore> store) {
        this.nodeName = nodeName;
        this.hostName = hostName;
        this.counters = counters;
        this.table = table;
        this.delays = delays;
        this.pollers = pollers;
        this.history = history;
        this.scheduler = scheduler;
        this.store = store;
    }

    public AdminServer install(AdminServer server) {
        return server
                .page(PATH, page())
                .route("GET", "/api/console/overview", body -> overview())
                .route("GET", "/api/users/lookup", body -> lookup(user(body)))
                .route("POST", "/api/users/unthrottle", body -> unthrottle(user(body)))
                .route("POST", "/api/users/evict", body -> evict(user(body)));
    }

    private Map<String, Object> overview() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", nodeName);
        out.put("hostName", hostName);
        out.put("now", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        out.put("counters", counters.snapshot());
        out.put("usersTracked", table.size());
        out.put("history", history.lastHour());
        out.put("busiest", pollers.top(BUSIEST_SHOWN));
        Map<String, Object> prefetch = new LinkedHashMap<>();
        prefetch.put("available", scheduler.isPresent());
        prefetch.put("schedule", scheduler.flatMap(PrefetchScheduler::schedule).orElse(null));
        prefetch.put("progress", scheduler.flatMap(PrefetchScheduler::progress).orElse(null));
        out.put("prefetch", prefetch);
        return out;
    }

    private Map<String, Object> lookup(String user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("attenuation", table.view(user).map(view -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("mailbox", view.state().map(state -> Map.of("messages", state.count(), "octets", state.octets())).orElse(null));
            a.put("knownAt", view.knownAtMillis().map(Instant::ofEpochMilli).orElse(null));
            a.put("newMailPending", view.newMailPending());
            a.put("sessionOpen", view.locked());
            a.put("checksSinceRelease", view.checksSinceRelease());
            return a;
        }).orElse(null));
        out.put("delay", delays.level(user).map(level -> Map.of("level", level)).orElse(null));
        out.put("recentChecks", pollers.checks(user));
        out.put("cache", store.map(s -> {
            List<CachedMessage> cached = s.messages().list(user);
            return Map.of("messages", cached.size(), "bytes", cached.stream().mapToLong(CachedMessage::size).sum());
        }).orElse(null));
        out.put("directory", store.flatMap(s -> s.users().find(user)).map(record -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("homeNode", record.homeNode().orElse(null));
            d.put("lastSeenNode", record.lastSeenNode().orElse(null));
            d.put("lastSeenAt", record.lastSeenAt().orElse(null));
            d.put("lastPrefetchAt", record.lastPrefetchAt().orElse(null));
            return d;
        }).orElse(null));
        return out;
    }

    private Map<String, Object> unthrottle(String user) {
        boolean tracked = table.forget(user);
        boolean delayed = delays.forget(user);
        LOG.info("admin: unthrottled {} (attenuation entry {}, delay level {})", user,
                tracked ? "dropped" : "absent", delayed ? "dropped" : "absent");
        return Map.of("user", user, "unthrottled", tracked || delayed);
    }

    private Map<String, Object> evict(String user) throws AdminError {
        EdgeStore s = store.orElseThrow(() -> new AdminError(409, "this node keeps no mail cache (cache.enabled is false)"));
        int evicted = s.messages().removeUser(user);
        LOG.info("admin: evicted {} cached message(s) of {}", evicted, user);
        return Map.of("user", user, "evicted", evicted);
    }

    private static String user(JsonNode body) throws AdminError {
        JsonNode value = body.get("user");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new AdminError(400, "'user' is required: the POP3 user name");
        }
        return value.asText();
    }

    private static String page() {
        try (InputStream in = ConsoleApi.class.getResourceAsStream("console.html")) {
            if (in == null) {
                throw new IllegalStateException("console.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
