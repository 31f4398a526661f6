package org.mailedge.sync;

import java.io.BufferedInputStream;
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
 * Ground truth: what a POP3 server really sends, read octet by octet without commons-net, so
 * that CentralSession is compared with the wire and not with itself.
 */
final class RawPop3 implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawPop3(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        requireOk(line());
    }

    static RawPop3 login(int port, String user, String password) throws IOException {
        RawPop3 pop3 = new RawPop3(port);
        pop3.command("USER " + user);
        pop3.command("PASS " + password);
        return pop3;
    }

    /** Sends a command and returns its +OK status line. */
    String command(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return requireOk(line());
    }

    /** A multi-line response's lines as text, without status line and terminator. */
    List<String> lines(String command) throws IOException {
        command(command);
        List<String> lines = new ArrayList<>();
        for (byte[] raw = line(); !isTerminator(raw); raw = line()) {
            lines.add(new String(raw, 0, raw.length - 2, StandardCharsets.ISO_8859_1));
        }
        return lines;
    }

    /** A multi-line response's octets, dot-unstuffed (RFC 1939 §3), CRLF kept, terminator dropped. */
    byte[] body(String command) throws IOException {
        command(command);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] raw = line(); !isTerminator(raw); raw = line()) {
            int skip = raw[0] == '.' ? 1 : 0;
            body.write(raw, skip, raw.length - skip);
        }
        return body.toByteArray();
    }

    private static boolean isTerminator(byte[] line) {
        return line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
    }

    /** One line including its CRLF; a bare LF does not end a line, as in RFC 1939. */
    private byte[] line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n' && previous == '\r') {
                return line.toByteArray();
            }
            previous = b;
        }
        throw new IOException("server closed the connection");
    }

    private static String requireOk(byte[] raw) throws IOException {
        String line = new String(raw, StandardCharsets.ISO_8859_1).strip();
        if (!line.startsWith("+OK")) {
            throw new IOException("server said " + line);
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
