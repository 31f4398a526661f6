package org.mailedge.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's way to a running node: its HTTP admin API (JSON, loopback by default).
 * Errors come back as {@code {"error": "..."}} with a 4xx status and are shown as they are.
 */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param token the node's bearer token ({@code admin.token-file}), when it has one */
    AdminClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path) throws AdminException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    JsonNode post(String path, Map<String, ?> body) throws AdminException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(json(body)).header("Content-Type", "application/json"));
    }

    JsonNode put(String path, Map<String, ?> body) throws AdminException {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(json(body)).header("Content-Type", "application/json"));
    }

    private JsonNode send(HttpRequest.Builder request) throws AdminException {
        HttpResponse<String> response;
        try {
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminException("cannot reach the node's admin API at " + base + " (" + e.getMessage()
                    + "); is `mailedge serve` running, and is admin.listen the address given?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AdminException("the admin API answered " + response.statusCode() + " with something that is not JSON");
        }
        if (response.statusCode() >= 400) {
            throw new AdminException(body.path("error").asText("the admin API answered " + response.statusCode()));
        }
        return body;
    }

    private static HttpRequest.BodyPublisher json(Map<String, ?> body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Prints a JSON object as "key: value" lines, nested objects indented. */
    static String describe(JsonNode node) {
        StringBuilder out = new StringBuilder();
        describe(node, "", out);
        return out.toString();
    }

    private static void describe(JsonNode node, String indent, StringBuilder out) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isObject()) {
                out.append(indent).append(field.getKey()).append(":\n");
                describe(field.getValue(), indent + "  ", out);
            } else {
                out.append(indent).append(field.getKey()).append(": ")
                        .append(field.getValue().isNull() ? "-" : field.getValue().asText()).append('\n');
            }
        }
    }

    /** The node could not do what was asked; the message says why. */
    static final class AdminException extends Exception {
        AdminException(String message) {
            super(message);
        }
    }
}
