package org.mailedge.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP admin API: JSON over the JDK's HTTP server, bound to loopback by default.
 * Each route is one {@link Route}; an {@link AdminError} becomes a 4xx with
 * {@code {"error": "..."}}, anything else a 500 with a generic message (details in the log).
 */
public final class AdminServer implements AutoCloseable {

    /** Largest request body read, so a client cannot make the node buffer without bound. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "admin-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new LinkedHashMap<>();
    /** Static HTML pages by path, served to GET (the help page attenuation notices link to). */
    private final Map<String, byte[]> pages = new LinkedHashMap<>();
    private final Map<String, TextRoute> textRoutes = new LinkedHashMap<>();

    public AdminServer(InetSocketAddress listen) throws IOException {
        this.server = HttpServer.create(listen, 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Adds a route for {@code METHOD /path}. */
    public AdminServer route(String method, String path, Route route) {
        routes.put(method + " " + path, route);
        return this;
    }

    /** Serves {@code html} at {@code GET path} as {@code text/html; charset=utf-8}. */
    public AdminServer page(String path, String html) {
        pages.put(path, html.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Adds {@code GET /path} answering plain text of {@code contentType} (e.g. the Prometheus exposition format). */
    public AdminServer text(String path, String contentType, Supplier<String> body) {
        textRoutes.put("GET " + path, new TextRoute(contentType, body));
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            byte[] page = pages.get(exchange.getRequestURI().getPath());
            if (page != null && exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
                return;
            }
            TextRoute text = textRoutes.get(key);
            if (text != null) {
                respondText(exchange, text);
                return;
            }
            Route route = routes.get(key);
            if (route == null) {
                boolean pathKnown = page != null || java.util.stream.Stream.concat(routes.keySet().stream(), textRoutes.keySet().stream())
                        .anyMatch(k -> k.endsWith(" " + exchange.getRequestURI().getPath()));
                respond(exchange, pathKnown ? 405 : 404, error(pathKnown ? "method not allowed" : "no such resource: " + key));
                return;
            }
            try {
                Object answer = route.handle(body(exchange));
                respond(exchange, 200, answer);
            } catch (AdminError e) {
                respond(exchange, e.status(), error(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("admin request {} failed", key, e);
                respond(exchange, 500, error("internal error; see the node's log"));
            }
        }
    }

    private static JsonNode body(HttpExchange exchange) throws AdminError, IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new AdminError(413, "request body over " + MAX_BODY_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AdminError(400, "the request body is not JSON");
            }
        }
    }

    private static Object error(String message) {
        return Map.of("error", message);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("admin answer could not be written as JSON", e);
            status = 500;
            bytes = "{\"error\": \"internal error; see the node's log\"}".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void respondText(HttpExchange exchange, TextRoute route) throws IOException {
        byte[] bytes;
        try {
            bytes = route.body().get().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.warn("admin request GET {} failed", exchange.getRequestURI().getPath(), e);
            respond(exchange, 500, error("internal error; see the node's log"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", route.contentType());
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record TextRoute(String contentType, Supplier<String> body) {}

    /** One admin operation: reads the JSON body (empty object when none), returns what to send back as JSON. */
    @FunctionalInterface
    public interface Route {
        Object handle(JsonNode body) throws AdminError;
    }

    /** A request the node refuses, with the status and the reason the client sees. */
    public static final class AdminError extends Exception {
        private final int status;

        public AdminError(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
