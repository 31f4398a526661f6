package org.mailedge.node.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Client sockets with Nagle's algorithm off, for the demo's SMTP client. jakarta.mail writes
 * a message's last lines and the terminating dot as small writes after a large one; with
 * Nagle's algorithm they wait for the server's delayed ACK, up to 40 ms per message, which
 * made delivering the mail waiting before the run take seconds. (The central server's side
 * of the same problem is solved in {@link CentralServer}.)
 */
final class NoDelaySockets extends SocketFactory {

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return bound(localHost, localPort, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return bound(localAddress, localPort, new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress remote) throws IOException {
        Socket socket = createSocket();
        socket.connect(remote);
        return socket;
    }

    private Socket bound(InetAddress localAddress, int localPort, InetSocketAddress remote) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(remote);
        return socket;
    }
}
