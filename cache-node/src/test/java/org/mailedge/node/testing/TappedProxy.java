package org.mailedge.node.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A POP3 relay on loopback in front of the central server that the test can switch off
 * ({@link #down()}: new connections are closed at once and open ones cut, as when the central
 * server or the WAN to it fails; GreenMail itself cannot be stopped without losing its mail),
 * and that can stop a session at a chosen point so the test can kill the edge there: {@link #holdCommand} keeps the next client command with a given verb from reaching
 * the server (e.g. the edge has sent its DELEs but not yet QUIT), {@link #holdReplyTo} lets
 * that command through but keeps the server's reply from the client (e.g. the central
 * server has committed a QUIT the edge never hears of). A held session stays held until
 * {@link #cutAll()} or {@link #down()} closes it, as the death of the edge would, or until
 * {@link Hold#release()} lets it go on.
 */
public final class TappedProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Hold> armed = new AtomicReference<>();
    private volatile boolean up = true;

    public TappedProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tapped-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void up() {
        up = true;
    }

    /** Refuses new connections and cuts the open ones. */
    public void down() {
        up = false;
        cutAll();
    }

    /** Closes every relayed connection (held ones included); nothing held is delivered. */
    public void cutAll() {
        relays.forEach(Relay::close);
    }

    /** A session stopped at a point; {@link #reached} completes when a session got there. */
    public static final class Hold {
        private final String verb;
        private final boolean replyOnly;
        private final CompletableFuture<String> reached = new CompletableFuture<>();
        private volatile boolean released;

        private Hold(String verb, boolean replyOnly) {
            this.verb = verb.toUpperCase(Locale.ROOT);
            this.replyOnly = replyOnly;
        }

        boolean matches(String line) {
            String upper = line.toUpperCase(Locale.ROOT);
            return upper.equals(verb) || upper.startsWith(verb + " ");
        }

        /** Waits until a session is held; returns the command line it was held at. */
        public String await(Duration timeout) throws Exception {
            return reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean isReached() {
            return reached.isDone();
        }

        /** Lets the held command (or the held replies) go on, as if the network had only been slow. */
        public void release() {
            released = true;
        }
    }

    /** The next client command with this verb (in any session) is held: the server never sees it. */
    public Hold holdCommand(String verb) {
        return arm(new Hold(verb, false));
    }

    /** The next client command with this verb is sent to the server, and everything the server says after it is held. */
    public Hold holdReplyTo(String verb) {
        return arm(new Hold(verb, true));
    }

    private Hold arm(Hold hold) {
        if (!armed.compareAndSet(null, hold)) {
            throw new IllegalStateException("a hold is armed already");
        }
        return hold;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!up) {
                    client.close();
                    continue;
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                Relay relay = new Relay(client, target);
                relays.add(relay);
                relay.start();
            } catch (IOException e) {
                // closed by the test, or the target refused: the client sees a closed connection
            }
        }
    }

    /** One relayed connection: client lines to the server, server bytes to the client. */
    private final class Relay {
        private final Socket client;
        private final Socket target;
        private volatile boolean closed;
        private volatile boolean holdReplies;
        private volatile Hold replyHold;

        Relay(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            daemon(this::clientToServer, "tapped-proxy-c2s");
            daemon(this::serverToClient, "tapped-proxy-s2c");
        }

        private void clientToServer() {
            try (InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = target.getOutputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                for (int b = in.read(); b >= 0; b = in.read()) {
                    line.write(b);
                    if (b != '\n') {
                        continue;
                    }
                    String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                    Hold hold = armed.get();
                    if (hold != null && hold.matches(text) && armed.compareAndSet(hold, null)) {
                        if (hold.replyOnly) {
                            replyHold = hold;
                            holdReplies = true;
                            out.write(line.toByteArray());
                            out.flush();
                            hold.reached.complete(text);
                        } else {
                            hold.reached.complete(text);
                            while (!closed && !hold.released) {
                                LockSupport.parkNanos(1_000_000);
                            }
                            if (closed) {
                                return;
                            }
                            out.write(line.toByteArray());
                            out.flush();
                        }
                    } else {
                        out.write(line.toByteArray());
                        out.flush();
                    }
                    line.reset();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close();
            }
        }

        private void serverToClient() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = target.getInputStream(); OutputStream out = client.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    while (holdReplies && !closed && !replyHold.released) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    if (closed) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close();
            }
        }

        void close() {
            closed = true;
            closeQuietly(client);
            closeQuietly(target);
            relays.remove(this);
        }
    }

    private static void daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        down();
        server.close();
    }
}
