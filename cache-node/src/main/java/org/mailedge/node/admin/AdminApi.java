package org.mailedge.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mailedge.db.users.UserDirectory;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.config.Durations;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.sync.schedule.InvalidScheduleException;
import org.mailedge.sync.schedule.PrefetchScheduler;

/**
 * The admin API's routes: counters, the prefetch schedule (persisted in Quartz's job store),
 * runs on demand and their progress. The same operations back {@code mailedge schedule} and
 * {@code mailedge prefetch}.
 */
public final class AdminApi {

    private final EdgeCounters counters;
    private final AttenuationTable table;
    private final Optional<PrefetchScheduler> scheduler;
    private final Optional<UserDirectory> users;

    public AdminApi(EdgeCounters counters, AttenuationTable table, Optional<PrefetchScheduler> scheduler,
                    Optional<UserDirectory> users) {
        this.counters = counters;
        this.table = table;
        this.scheduler = scheduler;
        this.users = users;
    }

    public AdminServer install(AdminServer server) {
        return server
                .route("GET", "/api/counters", body -> counters())
                .route("GET", "/api/schedule", body -> scheduler().schedule()
                        .orElseThrow(() -> new AdminServer.AdminError(404, "no prefetch schedule is set; set one with `mailedge schedule set`")))
                .route("PUT", "/api/schedule", this::setSchedule)
                .route("POST", "/api/schedule/pause", body -> {
                    scheduler().pause();
                    return scheduler().schedule().orElseThrow();
                })
                .route("POST", "/api/schedule/resume", body -> {
                    scheduler().resume();
                    return scheduler().schedule().orElseThrow();
                })
                .route("POST", "/api/prefetch/run", this::runNow)
                .route("GET", "/api/prefetch", body -> scheduler().progress()
                        .orElseThrow(() -> new AdminServer.AdminError(404, "no prefetch has run yet")))
                .route("POST", "/api/users/home", this::setHome);
    }

    /** Places users at a home node: {@code {"node": "edge-north", "users": ["user0001", ...]}}. */
    private Object setHome(JsonNode body) throws AdminServer.AdminError {
        UserDirectory directory = users.orElseThrow(() -> new AdminServer.AdminError(409,
                "this node keeps no user directory (cache.enabled is false)"));
        String node = text(body, "node");
        JsonNode list = body.get("users");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new AdminServer.AdminError(400, "'users' must be a non-empty list of user names");
        }
        int placed = 0;
        for (JsonNode user : list) {
            if (!user.isTextual() || user.asText().isBlank()) {
                throw new AdminServer.AdminError(400, "'users' must hold user names, found " + user);
            }
            directory.setHome(user.asText(), node);
            placed++;
        }
        return Map.of("node", node, "placed", placed);
    }

    private Map<String, Object> counters() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counters", counters.snapshot());
        out.put("usersTracked", table.size());
        return out;
    }

    private Object setSchedule(JsonNode body) throws AdminServer.AdminError {
        String cron = text(body, "cron");
        String window = text(body, "maxDuration");
        Duration maxDuration = Durations.parse(window).orElseThrow(() -> new AdminServer.AdminError(400,
                "maxDuration must be a duration such as 90m or 4h, found '" + window + "'"));
        try {
            return scheduler().setSchedule(cron, maxDuration);
        } catch (InvalidScheduleException e) {
            throw new AdminServer.AdminError(400, e.getMessage());
        }
    }

    private Object runNow(JsonNode body) throws AdminServer.AdminError {
        Optional<String> user = body.hasNonNull("user") ? Optional.of(body.get("user").asText()) : Optional.empty();
        try {
            scheduler().runNow(user);
        } catch (IllegalArgumentException e) {
            throw new AdminServer.AdminError(400, e.getMessage());
        }
        return Map.of("requested", true, "user", user.orElse("all users placed at this node"));
    }

    private PrefetchScheduler scheduler() throws AdminServer.AdminError {
        return scheduler.orElseThrow(() -> new AdminServer.AdminError(409,
                "prefetch is not configured on this node (prefetch.login is none, or cache.enabled is false)"));
    }

    private static String text(JsonNode body, String field) throws AdminServer.AdminError {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new AdminServer.AdminError(400, "'" + field + "' is required");
        }
        return value.asText();
    }
}
