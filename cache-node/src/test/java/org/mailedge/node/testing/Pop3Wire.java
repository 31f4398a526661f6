package org.mailedge.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A POP3 client at the wire level, for transcript tests that read like the RFC's examples:
 * {@code send("STAT")}, then assert on {@code line()}. Reads byte by byte with a time-out
 * so a missing reply fails the test instead of hanging it.
 */
public final class Pop3Wire implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    public final String greeting;

    private Pop3Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.greeting = line();
    }

    public static Pop3Wire connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return new Pop3Wire(socket);
    }

    /** As {@link #connect}, from the local address {@code from} (any of 127.0.0.0/8): a subscriber on another network. */
    public static Pop3Wire connectFrom(InetAddress from, int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        socket.setSoTimeout(30_000);
        return new Pop3Wire(socket);
    }

    /**
     * As {@link #connectFrom}, writing {@code preamble} (a load balancer's PROXY header) before
     * the greeting is read.
     */
    public static Pop3Wire connectWithPreamble(InetAddress from, int port, byte[] preamble) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(preamble);
        socket.getOutputStream().flush();
        return new Pop3Wire(socket);
    }

    /**
     * As {@link #connect}, reading the socket through a buffer: for tests that move
     * megabytes ({@link #connect} reads byte by byte, one system call each).
     */
    public static Pop3Wire connectBuffered(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return new Pop3Wire(socket, new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    /**
     * As {@link #connect}, over {@code transport}: POP3S from the first byte, or STLS right
     * after the greeting (whose {@code +OK} must come back) and a handshake that verifies the
     * test certificate and the host name. {@link #greeting} is the clear-text one for STLS.
     */
    public static Pop3Wire connect(int port, Pop3Transport transport) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return switch (transport) {
            case PLAIN -> new Pop3Wire(socket);
            case POP3S -> new Pop3Wire(TestCertificate.get().clientOver(socket));
            case STLS -> {
                Pop3Wire clear = new Pop3Wire(socket);
                String reply = clear.ask("STLS");
                if (!reply.startsWith("+OK")) {
                    socket.close();
                    throw new IOException("STLS refused: " + reply);
                }
                yield clear.startTls();
            }
        };
    }

    /** Continues a session on another stream (after STLS): the greeting was read before. */
    private Pop3Wire(Socket socket, InputStream in, String greeting) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.greeting = greeting;
    }

    /** After STLS was answered {@code +OK}: the handshake, and this session continued over TLS. */
    public Pop3Wire startTls() throws IOException {
        Socket tls = TestCertificate.get().clientOver(socket);
        return new Pop3Wire(tls, tls.getInputStream(), greeting);
    }

    private Pop3Wire(Socket socket, InputStream buffered) throws IOException {
        this.socket = socket;
        this.in = buffered;
        this.out = socket.getOutputStream();
        this.greeting = line();
    }

    /** The client's own port, as the edge sees it without a proxy. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends one command line with CRLF. */
    public Pop3Wire send(String command) throws IOException {
        return raw(command + "\r\n");
    }

    /** Sends bytes exactly as given, for pipelining and framing tests. */
    public Pop3Wire raw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Sends a command and returns its status line. */
    public String ask(String command) throws IOException {
        send(command);
        return line();
    }

    /** The next line without its CRLF; fails on a bare LF. */
    public String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed; read so far: " + buf.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw new IOException("bare LF from the server");
                }
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
            previous = b;
        }
    }

    /** The lines of a multi-line body up to the terminating ".", dot-unstuffed. */
    public List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = line(); !l.equals("."); l = line()) {
            lines.add(l.startsWith("..") ? l.substring(1) : l);
        }
        return lines;
    }

    /** A multi-line body exactly as it came over the wire, dot-stuffed, up to and without the final ".CRLF". */
    public byte[] rawBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String l = line(); !l.equals("."); l = line()) {
            body.writeBytes((l + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return body.toByteArray();
    }

    /** True when the server has closed the connection (read returns end of stream). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    public Pop3Wire login(String user, String password) throws IOException {
        String u = ask("USER " + user);
        if (!u.startsWith("+OK")) {
            throw new IOException("USER refused: " + u);
        }
        String p = ask("PASS " + password);
        if (!p.startsWith("+OK")) {
            throw new IOException("PASS refused: " + p);
        }
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
