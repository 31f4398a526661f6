package org.mailedge.node.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A central server that answers USER with {@code +OK} and PASS with a scripted line, after
 * an optional gate opens: for the answers GreenMail never gives ({@code [IN-USE]},
 * {@code [SYS/TEMP]}) and for a central server that hangs. One connection at a time.
 * It records every command line it receives, and, when told to expect one, the PROXY
 * header a connection starts with.
 */
public final class ScriptedCentral implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    public final CountDownLatch passReceived = new CountDownLatch(1);
    /** Every command line received, in order, without CRLF. */
    public final List<String> received = new CopyOnWriteArrayList<>();
    /** The PROXY header of each connection, exactly as received, when {@code proxyHeaderFirst}. */
    public final List<byte[]> proxyHeaders = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate;
    private final String greeting;
    private final Map<String, String> replies;
    private final boolean proxyHeaderFirst;

    public ScriptedCentral(String passReply, CountDownLatch gate) throws IOException {
        this(passReply, gate, "+OK scripted central ready", Map.of(), false);
    }

    /**
     * A central server that accepts every login and records what it receives.
     *
     * @param replies replies by command verb, overriding the defaults (a multi-line one ends with {@code "\r\n."})
     */
    public static ScriptedCentral recording(String greeting, Map<String, String> replies, boolean proxyHeaderFirst)
            throws IOException {
        return new ScriptedCentral("+OK logged in", new CountDownLatch(0), greeting, replies, proxyHeaderFirst);
    }

    private ScriptedCentral(String passReply, CountDownLatch gate, String greeting, Map<String, String> replies,
                            boolean proxyHeaderFirst) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.gate = gate;
        this.greeting = greeting;
        this.replies = replies;
        this.proxyHeaderFirst = proxyHeaderFirst;
        this.thread = new Thread(() -> serve(passReply), "scripted-central");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve(String passReply) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                if (proxyHeaderFirst) {
                    proxyHeaders.add(readProxyHeader(s.getInputStream()));
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                out.write((greeting + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    received.add(line);
                    String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
                    String reply;
                    if (replies.containsKey(verb)) {
                        reply = replies.get(verb);
                    } else if (line.startsWith("PASS")) {
                        passReceived.countDown();
                        gate.await(30, TimeUnit.SECONDS);
                        reply = passReply;
                    } else if (line.startsWith("QUIT")) {
                        reply = "+OK bye";
                    } else if (line.startsWith("UIDL") || line.startsWith("LIST")) {
                        reply = "+OK empty maildrop\r\n.";
                    } else if (line.startsWith("CAPA")) {
                        reply = "+OK\r\nUSER\r\nUIDL\r\n.";
                    } else {
                        reply = "+OK";
                    }
                    out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the test closed the server or the edge hung up: next connection
            }
        }
    }

    /** A v1 header is one line; a v2 header is 16 octets and as many more as its length field says. */
    private static byte[] readProxyHeader(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int first = in.read();
        header.write(first);
        if (first == 'P') {
            for (int b = in.read(); b >= 0; b = in.read()) {
                header.write(b);
                if (b == '\n') {
                    break;
                }
            }
        } else {
            byte[] fixed = in.readNBytes(15);
            header.writeBytes(fixed);
            int length = ((fixed[13] & 0xFF) << 8) | (fixed[14] & 0xFF);
            header.writeBytes(in.readNBytes(length));
        }
        return header.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
