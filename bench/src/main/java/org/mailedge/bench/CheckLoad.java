package org.mailedge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A check-session load generator in Java: the shared {@code pop3load.py} (Python asyncio, one
 * process) spends about as much CPU per session as the fastest servers do, so at high rates it
 * measures itself. This one runs the same session as {@code pop3load.py --uidl} (connect,
 * greeting, USER, PASS, STAT, UIDL, QUIT) on {@code -c} platform threads with blocking sockets,
 * sessions back to back until {@code -d} seconds have passed, and prints one JSON line with
 * the same field names. Latency runs from the start of connect to the {@code +OK} of QUIT, for
 * successful sessions only. Loopback only.
 *
 * <p>{@code CheckLoad --port P [-c 50] [-d 20] [--users 1-1000] [--user-order seq|random]
 * [--label L] [--timeout 10] [--warmup 0]}
 */
public final class CheckLoad {

    private final int port;
    private final int firstUser;
    private final int lastUser;
    private final boolean sequential;
    private final int timeoutMillis;
    private final AtomicLong nextUser = new AtomicLong();
    private final Map<String, Integer> errorKinds = new ConcurrentHashMap<>();

    private final boolean nio;

    private CheckLoad(int port, int firstUser, int lastUser, boolean sequential, int timeoutMillis, boolean nio) {
        this.nio = nio;
        this.port = port;
        this.firstUser = firstUser;
        this.lastUser = lastUser;
        this.sequential = sequential;
        this.timeoutMillis = timeoutMillis;
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int clients = 50;
        double seconds = 20;
        double warmup = 0;
        String users = "1-1000";
        String order = "seq";
        String label = "";
        String engine = "nio";
        int timeout = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "-c" -> clients = Integer.parseInt(args[++i]);
                case "-d" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--users" -> users = args[++i];
                case "--user-order" -> order = args[++i];
                case "--label" -> label = args[++i];
                case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                case "--engine" -> engine = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String[] range = users.split("-");
        CheckLoad load = new CheckLoad(port, Integer.parseInt(range[0]), Integer.parseInt(range[1]),
                order.equals("seq"), timeout * 1000, engine.equals("nio"));
        int warmupSessions = 0;
        if (warmup > 0) {
            warmupSessions = load.run(clients, warmup).stream().mapToInt(r -> r.size).sum();
            load.errorKinds.clear();
        }
        long[] cpu0 = hostCpu();
        long proc0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<Recorder> recorders = load.run(clients, seconds);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] cpu1 = hostCpu();
        double clientCpu = (processCpuNanos() - proc0) / 1e9;
        String report = load.report(recorders, label, clients, seconds, elapsed, clientCpu, busyPercent(cpu0, cpu1));
        // the sessions of the warm-up too, for figures taken around the whole run (a server's CPU time)
        System.out.println(report.substring(0, report.length() - 1) + ", \"warmup_sessions\": " + warmupSessions + "}");
    }

    private List<Recorder> run(int clients, double seconds) throws InterruptedException, IOException {
        if (nio) {
            return List.of(new NioClients(this, clients, System.nanoTime() + (long) (seconds * 1e9)).run());
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Recorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    session(r);
                }
            }, "client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return recorders;
    }

    int port() {
        return port;
    }

    int timeoutMillis() {
        return timeoutMillis;
    }

    String nextUserName() {
        int span = lastUser - firstUser + 1;
        long n = sequential ? nextUser.getAndIncrement() % span : ThreadLocalRandom.current().nextInt(span);
        return String.format("user%04d", firstUser + n);
    }

    private void session(Recorder r) {
        String user = nextUserName();
        String step = "connect";
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            Lines in = new Lines(s.getInputStream());
            OutputStream out = s.getOutputStream();
            step = "greeting";
            expectOk(in.line(), step);
            long tGreet = System.nanoTime();
            step = "user";
            command(out, in, "USER " + user, step);
            step = "pass";
            command(out, in, "PASS pw-" + user, step);
            long tAuth = System.nanoTime();
            step = "stat";
            command(out, in, "STAT", step);
            step = "uidl";
            command(out, in, "UIDL", step);
            String line;
            while (!(line = in.line()).equals(".")) {
                if (line.isEmpty() && in.eof) {
                    throw new SessionError(step, "connection closed in multi-line reply");
                }
            }
            step = "quit";
            command(out, in, "QUIT", step);
            long tEnd = System.nanoTime();
            r.add(tEnd - t0, tGreet - t0, tAuth - tGreet);
        } catch (SessionError e) {
            errorKinds.merge(e.step + ": " + e.getMessage(), 1, Integer::sum);
        } catch (IOException e) {
            errorKinds.merge(step + ": " + e.getClass().getSimpleName(), 1, Integer::sum);
        }
    }

    private static void command(OutputStream out, Lines in, String command, String step) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expectOk(in.line(), step);
    }

    private static void expectOk(String line, String step) {
        if (!line.startsWith("+OK")) {
            throw new SessionError(step, line.isEmpty() ? "connection closed" : line.substring(0, Math.min(80, line.length())));
        }
    }

    private String report(List<Recorder> recorders, String label, int clients, double seconds, double elapsed,
                          double clientCpu, Double busy) {
        int n = recorders.stream().mapToInt(r -> r.size).sum();
        long[] lat = new long[n];
        long[] greet = new long[n];
        long[] auth = new long[n];
        int k = 0;
        for (Recorder r : recorders) {
            System.arraycopy(r.lat, 0, lat, k, r.size);
            System.arraycopy(r.greet, 0, greet, k, r.size);
            System.arraycopy(r.auth, 0, auth, k, r.size);
            k += r.size;
        }
        Arrays.sort(lat);
        Arrays.sort(greet);
        Arrays.sort(auth);
        int errors = errorKinds.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder kinds = new StringBuilder("{");
        new TreeMap<>(errorKinds).forEach((key, v) -> kinds.append(kinds.length() > 1 ? ", " : "")
                .append('"').append(key.replace("\\", "\\\\").replace("\"", "'")).append("\": ").append(v));
        kinds.append('}');
        double mean = n == 0 ? 0 : Arrays.stream(lat).average().orElse(0) / 1e6;
        return String.format(Locale.ROOT,
                "{\"label\": \"%s\", \"generator\": \"CheckLoad (Java, %s)\", \"mode\": \"check\", \"uidl\": true, "
                        + "\"port\": %d, \"concurrency\": %d, \"duration_s\": %s, \"elapsed_s\": %.3f, \"sessions\": %d, "
                        + "\"sessions_per_s\": %.1f, \"p50_ms\": %s, \"p90_ms\": %s, \"p99_ms\": %s, \"max_ms\": %s, "
                        + "\"mean_ms\": %.2f, \"greet_p50_ms\": %s, \"auth_p50_ms\": %s, \"errors\": %d, "
                        + "\"error_kinds\": %s, \"client_cpu_s\": %.2f, \"host_cpu_busy_pct\": %s, \"host_cpus\": %d}",
                label, nio ? "one NIO selector thread" : clients + " threads", port, clients, seconds, elapsed, n, n / elapsed, ms(lat, 0.50), ms(lat, 0.90), ms(lat, 0.99),
                ms(lat, 1.0), mean, ms(greet, 0.5), ms(auth, 0.5), errors, kinds, clientCpu,
                busy == null ? "null" : String.format(Locale.ROOT, "%.1f", busy), Runtime.getRuntime().availableProcessors());
    }

    /** Linear interpolation between closest ranks, as pop3load.py does. */
    private static String ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "null";
        }
        double k = (sorted.length - 1) * q;
        int lo = (int) Math.floor(k);
        int hi = (int) Math.ceil(k);
        double v = sorted[lo] + (sorted[hi] - sorted[lo]) * (k - lo);
        return String.format(Locale.ROOT, "%.2f", v / 1e6);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** (busy, total) jiffies of all CPUs from /proc/stat, or null. */
    private static long[] hostCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Double busyPercent(long[] a, long[] b) {
        if (a == null || b == null || b[1] == a[1]) {
            return null;
        }
        return 100.0 * (b[0] - a[0]) / (b[1] - a[1]);
    }

    void error(String kind) {
        errorKinds.merge(kind, 1, Integer::sum);
    }

    /** One client's latencies in nanoseconds; written by its own thread only. */
    static final class Recorder {
        long[] lat = new long[1024];
        long[] greet = new long[1024];
        long[] auth = new long[1024];
        int size;

        void add(long total, long greeting, long login) {
            if (size == lat.length) {
                lat = Arrays.copyOf(lat, size * 2);
                greet = Arrays.copyOf(greet, size * 2);
                auth = Arrays.copyOf(auth, size * 2);
            }
            lat[size] = total;
            greet[size] = greeting;
            auth[size] = login;
            size++;
        }
    }

    /** CRLF lines from a stream, through one buffer; "" with {@link #eof} at end of stream. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int end;
        boolean eof;

        Lines(InputStream in) {
            this.in = in;
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                if (pos == end) {
                    end = in.read(buf);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        eof = true;
                        return sb.toString();
                    }
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) (b & 0xff));
            }
        }
    }

    private static final class SessionError extends RuntimeException {
        final String step;

        SessionError(String step, String detail) {
            super(detail, null, false, false);
            this.step = step;
        }
    }
}
