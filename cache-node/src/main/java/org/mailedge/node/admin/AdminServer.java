package org.mailedge.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP admin API: JSON over the JDK's HTTP server, bound to loopback by default.
 * Each route is one {@link Route}; an {@link AdminError} becomes a 4xx with
 * {@code {"error": "..."}}, anything else a 500 with a generic message (details in the log).
 *
 * <p>With a token every route and text route needs {@code Authorization: Bearer}; pages (the
 * console, the help page) hold no data and stay public. Without one, the server is on loopback
 * and a web page in the operator's browser is the threat: state-changing requests must be
 * {@code application/json}, which a cross-site form cannot send without a CORS preflight this
 * server never grants, and the Host header must name loopback, which DNS rebinding cannot fake.
 */
public final class AdminServer implements AutoCloseable {

    /** Largest request body read, so a client cannot make the node buffer without bound. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Without a token, a Host that is not loopback is a web page's request by DNS rebinding; see the class comment. */
    private static final String NOT_LOOPBACK = "without admin.token-file the admin API answers only requests addressed to loopback"
            + " (Host 127.0.0.1, [::1] or localhost)";
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

    private final Optional<AdminToken> token;

    public AdminServer(InetSocketAddress listen) throws IOException {
        this(listen, Optional.empty());
    }

    public AdminServer(InetSocketAddress listen, Optional<AdminToken> token) throws IOException {
        this.token = token;
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
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String key = method + " " + path;
            exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (token.isEmpty() && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                respond(exchange, 403, error(NOT_LOOPBACK));
                return;
            }
            byte[] page = pages.get(path);
            if (page != null && method.equals("GET")) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
                return;
            }
            if (token.isPresent() && !token.get().admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mailedge admin\"");
                respond(exchange, 401, error("this node's admin API needs its token (admin.token-file): Authorization: Bearer TOKEN"));
                return;
            }
            TextRoute text = textRoutes.get(key);
            if (text != null) {
                respondText(exchange, text);
                return;
            }
            Route route = routes.get(key);
            if (route == null) {
                boolean pathKnown = page != null || Stream.concat(routes.keySet().stream(), textRoutes.keySet().stream())
                        .anyMatch(k -> k.endsWith(" " + path));
                respond(exchange, pathKnown ? 405 : 404, error(pathKnown ? "method not allowed" : "no such resource: " + key));
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!jsonOrSafe(exchange)) {
                respond(exchange, 415, error(exchange.getRequestMethod() + " needs Content-Type: application/json"));
                return;
            }
            try {
                Object answer = route.handle(parameters(exchange));
                respond(exchange, 200, answer);
            } catch (AdminError e) {
                respond(exchange, e.status(), error(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("admin request {} failed", key, e);
                respond(exchange, 500, error("internal error; see the node's log"));
            }
        }
    }

    /** A route that changes state takes JSON only; see the class comment. */
    private static boolean jsonOrSafe(HttpExchange exchange) {
        if (exchange.getRequestMethod().equals("GET")) {
            return true;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    static boolean loopbackHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without Host: not a browser
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        name = name.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127(\\.\\d{1,3}){3}");
    }

    /** The JSON body; for a request without one, the query string's parameters as a JSON object. */
    private static JsonNode parameters(HttpExchange exchange) throws AdminError, IOException {
        JsonNode body = body(exchange);
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !(body instanceof ObjectNode object) || !object.isEmpty()) {
            return body;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty()) {
                object.put(name, value);
            }
        }
        return object;
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
