package org.mailedge.sync.testsupport;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.mailedge.sync.CentralEndpoint;

/**
 * A fake central server that plays one scripted conversation with one client, on
 * 127.0.0.1 and a free port, for what GreenMail cannot do (a {@code -ERR} to QUIT) and to
 * see exactly which commands the edge sends. Every line the client sent is kept.
 */
public final class ScriptedCentral implements AutoCloseable {

    @FunctionalInterface
    public interface Script {
        void play(Peer peer) throws Exception;
    }

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket listener;
    private final Thread thread;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<Socket> connection = new AtomicReference<>();

    public ScriptedCentral(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                connection.set(socket);
                script.play(new Peer(socket.getInputStream(), socket.getOutputStream()));
            } catch (IOException clientWentAway) {
                // The client may close first.
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "scripted-central");
        thread.setDaemon(true);
        thread.start();
    }

    public CentralEndpoint endpoint() {
        return new CentralEndpoint("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(5), Duration.ofSeconds(5),
                CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** Every command line the client sent, without CRLF. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Waits for the script to end and rethrows a failed expectation. */
    @Override
    public void close() throws Exception {
        listener.close();
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } finally {
            Socket socket = connection.get();
            if (socket != null) {
                socket.close();
            }
        }
        if (thread.isAlive()) {
            throw new AssertionError("scripted central did not end");
        }
        Throwable t = failure.get();
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionError("script failed", t);
        }
    }

    public final class Peer {

        private final InputStream in;
        private final OutputStream out;

        private Peer(InputStream in, OutputStream out) {
            this.in = in;
            this.out = new BufferedOutputStream(out);
        }

        public void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The next command line, or null once the client closed. */
        public String nextLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n' && previous == '\r') {
                    byte[] octets = line.toByteArray();
                    String text = new String(octets, 0, octets.length - 1, StandardCharsets.ISO_8859_1);
                    received.add(text);
                    return text;
                }
                line.write(b);
                previous = b;
            }
            return null;
        }

        public void expect(String command) throws IOException {
            String line = nextLine();
            if (!command.equals(line)) {
                throw new AssertionError("expected <" + command + "> but the client sent <" + line + ">");
            }
        }

        /** Greeting, USER, PASS accepted. */
        public void greetAndLogin(String user, String password) throws IOException {
            send("+OK scripted central\r\n");
            expect("USER " + user);
            send("+OK\r\n");
            expect("PASS " + password);
            send("+OK logged in\r\n");
        }

        /** Answers UIDL then LIST for messages 1..n with these UIDs, 100 octets each. */
        public void listing(String... uids) throws IOException {
            expect("UIDL");
            StringBuilder uidl = new StringBuilder("+OK\r\n");
            StringBuilder list = new StringBuilder("+OK\r\n");
            for (int i = 0; i < uids.length; i++) {
                uidl.append(i + 1).append(' ').append(uids[i]).append("\r\n");
                list.append(i + 1).append(" 100\r\n");
            }
            send(uidl.append(".\r\n").toString());
            expect("LIST");
            send(list.append(".\r\n").toString());
        }

        /** Reads until the client closes; anything it sends meanwhile is recorded. */
        public void drainUntilClosed() throws IOException {
            while (nextLine() != null) {
                // recorded by nextLine
            }
        }
    }
}
