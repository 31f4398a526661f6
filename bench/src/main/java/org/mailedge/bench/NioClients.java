package org.mailedge.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CheckLoad}'s default engine: all clients on one selector thread, each a small state
 * machine over the check session. One thread spends far less CPU per session than a thread
 * per client blocking in every read (no wake-up and context switch per reply), which matters
 * because the generator shares the two cores with the servers it measures.
 */
final class NioClients {

    private enum Step { CONNECT, GREETING, USER, PASS, STAT, UIDL, UIDL_BODY, QUIT }

    private final CheckLoad load;
    private final int clients;
    private final long deadline;
    private final CheckLoad.Recorder recorder = new CheckLoad.Recorder();
    private final InetSocketAddress target;
    private final long timeoutNanos;
    private final ByteBuffer in = ByteBuffer.allocateDirect(16384);
    private final ByteBuffer out = ByteBuffer.allocateDirect(512);
    private Selector selector;
    private int active;

    NioClients(CheckLoad load, int clients, long deadline) {
        this.load = load;
        this.clients = clients;
        this.deadline = deadline;
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), load.port());
        this.timeoutNanos = load.timeoutMillis() * 1_000_000L;
    }

    CheckLoad.Recorder run() throws IOException {
        selector = Selector.open();
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client();
            all.add(c);
            start(c);
        }
        long lastSweep = System.nanoTime();
        while (active > 0) {
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Client c = (Client) key.attachment();
                try {
                    if (key.isConnectable()) {
                        ((SocketChannel) key.channel()).finishConnect();
                        key.interestOps(SelectionKey.OP_READ);
                        c.step = Step.GREETING;
                    } else if (key.isReadable()) {
                        read(c);
                    }
                } catch (IOException e) {
                    fail(c, e.getClass().getSimpleName());
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (now - lastSweep > 100_000_000L) {
                lastSweep = now;
                for (Client c : all) {
                    if (c.channel != null && now - c.stepStart > timeoutNanos) {
                        fail(c, "timeout");
                    }
                }
            }
        }
        selector.close();
        return recorder;
    }

    private void start(Client c) {
        if (System.nanoTime() >= deadline) {
            return;
        }
        active++;
        c.user = load.nextUserName();
        c.t0 = System.nanoTime();
        c.stepStart = c.t0;
        c.step = Step.CONNECT;
        c.line.setLength(0);
        try {
            SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (ch.connect(target)) {
                ch.register(selector, SelectionKey.OP_READ, c);
                c.step = Step.GREETING;
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(c, e.getClass().getSimpleName());
        }
    }

    private void read(Client c) throws IOException {
        in.clear();
        int n = c.channel.read(in);
        if (n < 0) {
            fail(c, "connection closed");
            return;
        }
        in.flip();
        while (in.hasRemaining() && c.channel != null) {
            char ch = (char) (in.get() & 0xff);
            if (ch == '\n') {
                int len = c.line.length();
                if (len > 0 && c.line.charAt(len - 1) == '\r') {
                    c.line.setLength(len - 1);
                }
                onLine(c, c.line);
                c.line.setLength(0);
            } else {
                c.line.append(ch);
            }
        }
    }

    private void onLine(Client c, StringBuilder line) throws IOException {
        if (c.step == Step.UIDL_BODY) {
            if (line.length() == 1 && line.charAt(0) == '.') {
                next(c, Step.QUIT, "QUIT");
            }
            return;
        }
        if (line.length() < 3 || !line.substring(0, 3).equals("+OK")) {
            fail(c, line.length() == 0 ? "empty line" : line.substring(0, Math.min(80, line.length())));
            return;
        }
        switch (c.step) {
            case GREETING -> {
                c.tGreet = System.nanoTime();
                next(c, Step.USER, "USER " + c.user);
            }
            case USER -> next(c, Step.PASS, "PASS pw-" + c.user);
            case PASS -> {
                c.tAuth = System.nanoTime();
                next(c, Step.STAT, "STAT");
            }
            case STAT -> next(c, Step.UIDL, "UIDL");
            case UIDL -> c.step = Step.UIDL_BODY;
            case QUIT -> {
                long end = System.nanoTime();
                recorder.add(end - c.t0, c.tGreet - c.t0, c.tAuth - c.tGreet);
                close(c);
                start(c);
            }
            default -> fail(c, "unexpected reply");
        }
    }

    private void next(Client c, Step step, String command) throws IOException {
        c.step = step;
        c.stepStart = System.nanoTime();
        out.clear();
        out.put((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flip();
        while (out.hasRemaining()) {
            c.channel.write(out);
        }
    }

    private void fail(Client c, String detail) {
        load.error(c.step.name().toLowerCase() + ": " + detail);
        close(c);
        start(c);
    }

    private void close(Client c) {
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
            c.channel = null;
            active--;
        }
    }

    private static final class Client {
        SocketChannel channel;
        Step step;
        String user;
        long t0;
        long tGreet;
        long tAuth;
        long stepStart;
        final StringBuilder line = new StringBuilder(128);
    }
}
