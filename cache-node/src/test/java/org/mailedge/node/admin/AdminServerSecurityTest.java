package org.mailedge.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The admin server's doors, over a real socket with hand-written HTTP/1.1 (so the Host header
 * can be what a hostile page would send): the bearer token, and on a token-less loopback node
 * the two ways a web page in the operator's browser could act on it.
 */
class AdminServerSecurityTest {

    private static final String TOKEN = "0123456789abcdef0123";

    private AdminServer server;
    private final AtomicInteger pokes = new AtomicInteger();

    private void start(Optional<AdminToken> token) throws IOException {
        server = new AdminServer(new InetSocketAddress("127.0.0.1", 0), token)
                .route("GET", "/api/counters", params -> Map.of("checks", 7))
                .route("GET", "/api/users/lookup", params -> Map.of("user", params.path("user").asText()))
                .route("POST", "/api/users/unthrottle", params -> Map.of("poked", pokes.incrementAndGet()))
                .page("/console", "<html>console</html>")
                .text("/metrics", "text/plain; version=0.0.4", () -> "mailedge_checks_total 7\n");
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String request(String method, String path, String... headersAndBody) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean hostGiven = false;
        String body = "";
        for (String h : headersAndBody) {
            if (h.startsWith("\n")) {
                body = h.substring(1);
            } else {
                head.append(h).append("\r\n");
                hostGiven |= h.regionMatches(true, 0, "Host:", 0, 5);
            }
        }
        if (!hostGiven) {
            head.append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\nConnection: close\r\n\r\n")
                .append(body);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Nested
    class WithAToken {

        @Test
        void theApiAndTheMetricsNeedTheToken() throws Exception {
            start(Optional.of(AdminToken.of(TOKEN)));
            String missing = request("GET", "/api/counters");
            assertThat(status(missing)).isEqualTo(401);
            assertThat(missing).containsIgnoringCase("WWW-Authenticate: Bearer").contains("admin.token-file")
                    .doesNotContain("\"checks\"");
            assertThat(status(request("GET", "/api/counters", "Authorization: Bearer wrong-token-0000000"))).isEqualTo(401);
            assertThat(status(request("GET", "/metrics"))).isEqualTo(401);
            assertThat(status(request("POST", "/api/users/unthrottle", "Content-Type: application/json", "\n{}"))).isEqualTo(401);
            assertThat(pokes).hasValue(0);

            String granted = request("GET", "/api/counters", "Authorization: Bearer " + TOKEN);
            assertThat(status(granted)).isEqualTo(200);
            assertThat(granted).contains("\"checks\" : 7");
            assertThat(request("GET", "/metrics", "Authorization: Bearer " + TOKEN)).contains("mailedge_checks_total 7");
        }

        @Test
        void theConsolePageHoldsNoDataAndIsServedWithoutIt() throws Exception {
            start(Optional.of(AdminToken.of(TOKEN)));
            String page = request("GET", "/console");
            assertThat(status(page)).isEqualTo(200);
            assertThat(page).contains("<html>console</html>").containsIgnoringCase("X-Frame-Options: DENY");
        }

        @Test
        void withTheTokenAnyHostNameWorks() throws Exception {
            start(Optional.of(AdminToken.of(TOKEN)));
            assertThat(status(request("GET", "/api/counters", "Host: edge-north.isp.example:8025",
                    "Authorization: Bearer " + TOKEN))).isEqualTo(200);
        }
    }

    @Nested
    class OnLoopbackWithoutAToken {

        @Test
        void aCrossSiteFormPostIsRefused() throws Exception {
            start(Optional.empty());
            // what <form method=post enctype=text/plain> sends, with no CORS preflight
            String form = request("POST", "/api/users/unthrottle", "Content-Type: text/plain", "\n{\"user\": \"alice\"}");
            assertThat(status(form)).isEqualTo(415);
            assertThat(form).contains("needs Content-Type: application/json");
            assertThat(status(request("POST", "/api/users/unthrottle", "\n{}"))).isEqualTo(415);
            assertThat(pokes).hasValue(0);

            assertThat(status(request("POST", "/api/users/unthrottle", "Content-Type: application/json", "\n{}"))).isEqualTo(200);
            assertThat(pokes).hasValue(1);
        }

        @Test
        void aRequestForAnotherHostNameIsRefusedAsDnsRebinding() throws Exception {
            start(Optional.empty());
            String rebound = request("GET", "/api/counters", "Host: attacker.example:" + 8025);
            assertThat(status(rebound)).isEqualTo(403);
            assertThat(rebound).contains("only requests addressed to loopback").doesNotContain("\"checks\"");
            assertThat(status(request("GET", "/api/counters", "Host: localhost:8025"))).isEqualTo(200);
            assertThat(status(request("GET", "/api/counters", "Host: [::1]:8025"))).isEqualTo(200);
            assertThat(status(request("GET", "/api/counters", "Host: 127.0.0.2"))).isEqualTo(200);
            assertThat(status(request("GET", "/api/counters", "Host: 127.0.0.1.attacker.example"))).isEqualTo(403);
        }

        @Test
        void aGetTakesItsParametersFromTheQueryString() throws Exception {
            start(Optional.empty());
            assertThat(request("GET", "/api/users/lookup?user=j%C3%B6rg%40isp.example")).contains("\"user\" : \"jörg@isp.example\"");
        }
    }
}
