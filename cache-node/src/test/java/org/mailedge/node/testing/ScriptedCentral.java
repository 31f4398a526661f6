package org.mailedge.node.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A central server that answers USER with {@code +OK} and PASS with a scripted line, after
 * an optional gate opens: for the answers GreenMail never gives ({@code [IN-USE]},
 * {@code [SYS/TEMP]}) and for a central server that hangs. One connection at a time.
 */
public final class ScriptedCentral implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    public final CountDownLatch passReceived = new CountDownLatch(1);
    private final CountDownLatch gate;

    public ScriptedCentral(String passReply, CountDownLatch gate) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.gate = gate;
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
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                out.write("+OK scripted central ready\r\n".getBytes(StandardCharsets.ISO_8859_1));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String reply;
                    if (line.startsWith("PASS")) {
                        passReceived.countDown();
                        gate.await(30, TimeUnit.SECONDS);
                        reply = passReply;
                    } else if (line.startsWith("QUIT")) {
                        reply = "+OK bye";
                    } else if (line.startsWith("UIDL") || line.startsWith("LIST")) {
                        reply = "+OK empty maildrop\r\n.";
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

    @Override
    public void close() throws IOException {
        server.close();
    }
}
