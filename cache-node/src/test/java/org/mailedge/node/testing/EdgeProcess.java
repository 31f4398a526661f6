package org.mailedge.node.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An edge node in a child JVM, as an operator runs it: {@code java -cp <the test class path>
 * org.mailedge.node.cli.MailEdgeCommand serve --config FILE}, so the test can kill it with
 * SIGKILL ({@link #kill()}) and start another on the same data directory. Its stderr (the
 * log) goes to a file; its stdout is read for the line {@code ServeCommand} prints once the
 * node is serving, which names the POP3 port. The admin API listens on a port the test
 * picked ({@link #freePort()}), since the node does not print that one.
 */
public final class EdgeProcess implements AutoCloseable {

    /** Exit status of a process killed by SIGKILL (128 + 9). */
    public static final int KILLED_BY_SIGKILL = 137;

    private static final Pattern SERVING = Pattern.compile("^mailedge: POP3 on [^:]+:(\\d+),");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int pop3Port;
    private final int adminPort;

    private EdgeProcess(Process process, Path log, int pop3Port, int adminPort) {
        this.process = process;
        this.log = log;
        this.pop3Port = pop3Port;
        this.adminPort = adminPort;
    }

    /**
     * Starts {@code mailedge serve --config config} and returns once it serves.
     *
     * @param log       where the child's stderr (its log) goes; overwritten
     * @param adminPort the port {@code admin.listen} in {@code config} names, or 0 if the admin API is off
     */
    public static EdgeProcess start(Path config, Path log, int adminPort) throws IOException {
        Path stdout = log.resolveSibling(log.getFileName() + ".out");
        Process process = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", testClassPath(), "org.mailedge.node.cli.MailEdgeCommand", "serve", "--config", config.toString())
                .redirectError(log.toFile())
                .start();
        process.getOutputStream().close();
        CompletableFuture<Integer> serving = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, stdout, serving), "edge-process-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            int port = serving.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new EdgeProcess(process, log, port, adminPort);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the edge started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the edge did not start within " + START_TIMEOUT + " (" + e + "); its log:\n"
                    + tail(log, 60), e);
        }
    }

    private static void readStdout(Process process, Path copy, CompletableFuture<Integer> serving) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Files.writeString(copy, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    serving.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process died; the future below says so
        }
        serving.completeExceptionally(new IOException("the edge exited before serving"));
    }

    public int pop3Port() {
        return pop3Port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Pop3Wire connect() throws IOException {
        return Pop3Wire.connectBuffered(pop3Port);
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux); returns the exit status, 137 when it was killed. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** SIGTERM: the node's shutdown hook closes it (and its store) cleanly. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }

    /** The child's log so far. */
    public String log() {
        return tail(log, Integer.MAX_VALUE);
    }

    public List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /api/...} on the admin API with a JSON body; returns the status and body. */
    public HttpResponse<String> adminPost(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(adminUri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(adminUri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI adminUri(String path) {
        if (adminPort == 0) {
            throw new IllegalStateException("this edge runs without the admin API");
        }
        return URI.create("http://127.0.0.1:" + adminPort + "/" + path);
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A loopback port free right now, for a listener the child must bind to a known port. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire may run tests from a manifest-only jar; it names the real class path in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
