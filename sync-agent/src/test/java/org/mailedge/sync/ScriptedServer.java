package org.mailedge.sync;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake central server that plays one scripted conversation with one client, on
 * 127.0.0.1 and a free port, in one thread. Hostile on purpose: scripts send whatever bytes
 * the test needs. Bounded: it serves one connection, every read has a cap, and
 * {@link #close()} ends the conversation and joins the thread.
 *
 * <p>An {@link IOException} in the script means the client went away, which is what the
 * cap tests expect, so it ends the script quietly; a failed expectation is rethrown by
 * {@link #close()}.
 */
final class ScriptedServer implements AutoCloseable {

    @FunctionalInterface
    interface Script {
        void play(Peer peer) throws IOException;
    }

    static final String USER = "alice";
    static final String PASSWORD = "Secret-Pa55";

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket listener;
    private final Thread thread;
    private final AtomicReference<Socket> connection = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(script), "scripted-central-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(script);
    }

    /** Short timeouts so that a broken test fails fast; the defaults' caps. */
    CentralEndpoint endpoint() {
        return endpoint(Duration.ofSeconds(5), CentralEndpoint.DEFAULT_MAX_LINE_LENGTH,
                CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);
    }

    CentralEndpoint endpoint(Duration readTimeout, int maxLineLength, long maxResponseBytes) {
        return new CentralEndpoint("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(5), readTimeout,
                maxLineLength, maxResponseBytes);
    }

    private void serve(Script script) {
        try (Socket socket = listener.accept()) {
            connection.set(socket);
            script.play(new Peer(socket.getInputStream(), socket.getOutputStream()));
        } catch (IOException clientWentAway) {
            // Expected whenever the client gives up first.
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            ended.countDown();
        }
    }

    /**
     * Waits for the script to play out on its own, e.g. to see what it observed after the
     * client closed; {@link #close()} instead cuts it short.
     */
    void awaitEnd() throws InterruptedException {
        if (!ended.await(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(thread.getName() + " did not end within " + JOIN_TIMEOUT);
        }
    }

    /** Ends the conversation, waits for the script thread and reports a failed expectation. */
    @Override
    public void close() throws IOException {
        listener.close();
        Socket socket = connection.get();
        if (socket != null) {
            socket.close();
        }
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping " + thread.getName(), e);
        }
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " did not end");
        }
        Throwable t = failure.get();
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionError("script failed", t);
        }
    }

    /** The server's side of the conversation, in the words of an RFC transcript. */
    static final class Peer {

        private static final int MAX_EXPECTED_LINE = 4096;

        private final InputStream in;
        private final OutputStream out;

        private Peer(InputStream in, OutputStream out) {
            this.in = in;
            this.out = new BufferedOutputStream(out);
        }

        /** Sends text as ISO-8859-1, so each char is one octet, exactly as written. */
        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] octets) throws IOException {
            out.write(octets);
            out.flush();
        }

        /** The next command line without CRLF, or null if the client closed. */
        String nextLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n' && previous == '\r') {
                    byte[] octets = line.toByteArray();
                    return new String(octets, 0, octets.length - 1, StandardCharsets.ISO_8859_1);
                }
                if (line.size() >= MAX_EXPECTED_LINE) {
                    throw new AssertionError("client sent a line longer than " + MAX_EXPECTED_LINE);
                }
                line.write(b);
                previous = b;
            }
            return null;
        }

        void expect(String command) throws IOException {
            String line = nextLine();
            if (!command.equals(line)) {
                throw new AssertionError("expected client to send <" + command + "> but got <" + line + ">");
            }
        }

        void greetAndLogin() throws IOException {
            send("+OK scripted central ready\r\n");
            expect("USER " + USER);
            send("+OK\r\n");
            expect("PASS " + PASSWORD);
            send("+OK logged in\r\n");
        }

        /**
         * Writes {@code unit} over and over until the client closes or {@code maxOctets} have
         * gone out.
         *
         * @return octets written; loopback socket buffers hold a few MiB of them unread
         */
        long sendRepeatedly(byte[] unit, long maxOctets) {
            long written = 0;
            try {
                while (written < maxOctets) {
                    out.write(unit);
                    written += unit.length;
                }
                out.flush();
            } catch (IOException clientClosed) {
                // The point of the exercise: the client stopped reading.
            }
            return written;
        }

        /** Reads until the client closes; the server stays silent meanwhile. */
        long drainUntilClosed() throws IOException {
            long received = 0;
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) != -1) {
                received += n;
            }
            return received;
        }
    }
}
