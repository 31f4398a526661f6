package org.mailedge.notify;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw SMTP client for protocol edge cases: it writes exactly the bytes it is given, so a test
 * can send bare CR or LF, and reads whole (multi-line) replies. Reads time out instead of hanging.
 */
final class SmtpClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SmtpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects and reads the 220 greeting. */
    static SmtpClient connected(int port) throws IOException {
        SmtpClient client = new SmtpClient(port);
        String greeting = client.reply();
        if (!greeting.startsWith("220 ")) {
            client.close();
            throw new IllegalStateException("expected a 220 greeting, got " + greeting);
        }
        return client;
    }

    /** Sends {@code line} plus CRLF and returns the reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Writes the text as ISO-8859-1 bytes, exactly as given. */
    void send(String raw) throws IOException {
        sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one reply; the lines of a multi-line reply are joined with "\n". */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    /** EHLO, MAIL FROM and one RCPT TO per recipient, each expected to get 250. */
    void startTransaction(String... recipients) throws IOException {
        expect250(command("EHLO central.test"));
        expect250(command("MAIL FROM:<notifier@central.test>"));
        for (String recipient : recipients) {
            expect250(command("RCPT TO:<" + recipient + ">"));
        }
    }

    /** DATA, then the message (CRLF line ends, dot-stuffing left to the caller) and CRLF.CRLF; returns the final reply. */
    String data(String message) throws IOException {
        String go = command("DATA");
        if (!go.startsWith("354")) {
            throw new IllegalStateException("expected 354 after DATA, got " + go);
        }
        send(message + "\r\n.\r\n");
        return reply();
    }

    /** True once the server has closed the connection (end of stream or reset). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void expect250(String reply) {
        if (!reply.startsWith("250")) {
            throw new IllegalStateException("expected 250, got " + reply);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new EOFException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
    }
}
