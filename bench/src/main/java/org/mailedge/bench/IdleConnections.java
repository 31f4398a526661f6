package org.mailedge.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@code N} POP3 connections to a loopback port and keeps them open and idle: each reads
 * the greeting and, with {@code --login FIRST}, logs in as {@code userNNNN} (users FIRST ..
 * FIRST+N-1, password {@code pw-userNNNN}) and then sits in the TRANSACTION state. Prints
 * {@code ready N} when all are open, then holds them until its standard input closes.
 *
 * <p>{@code IdleConnections PORT N [--login FIRST]}
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int firstUser = args.length > 3 && args[2].equals("--login") ? Integer.parseInt(args[3]) : -1;
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<SocketChannel> open = new ArrayList<>(n);
        ByteBuffer buf = ByteBuffer.allocate(512);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(target);
            open.add(ch);
            expectOk(ch, buf, "greeting " + i);
            if (firstUser >= 0) {
                String user = String.format("user%04d", firstUser + i);
                send(ch, "USER " + user);
                expectOk(ch, buf, "USER " + user);
                send(ch, "PASS pw-" + user);
                expectOk(ch, buf, "PASS " + user);
            }
        }
        System.out.println("ready " + open.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections until stdin closes
        }
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    private static void send(SocketChannel ch, String line) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    /** Reads one reply line (all replies here are single lines) and checks it is +OK. */
    private static void expectOk(SocketChannel ch, ByteBuffer buf, String what) throws IOException {
        buf.clear();
        while (buf.position() == 0 || buf.get(buf.position() - 1) != '\n') {
            if (ch.read(buf) < 0) {
                throw new IOException(what + ": connection closed");
            }
        }
        String line = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        if (!line.startsWith("+OK")) {
            throw new IOException(what + ": " + line.trim());
        }
    }
}
