package org.mailedge.sync.origin;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * HAProxy PROXY protocol headers (haproxy.org/download/2.9/doc/proxy-protocol.txt), as a
 * load balancer sends them before the first byte of the proxied connection.
 */
public final class ProxyHeader {

    /** §2.2: the twelve octets every v2 header starts with. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** §2.2: version 2, command PROXY. */
    private static final int V2_PROXY = 0x21;
    /** §2.2: TCP over IPv4 and over IPv6. */
    private static final int TCP4 = 0x11;
    private static final int TCP6 = 0x21;

    private ProxyHeader() {
    }

    /** §2.1: {@code PROXY TCP4|TCP6 src dst srcport dstport CRLF}, at most 107 octets. */
    public static byte[] v1(ClientOrigin origin) {
        InetAddress client = origin.client().getAddress();
        InetAddress server = sameFamily(client, origin.server().getAddress());
        String line = "PROXY " + (client instanceof Inet4Address ? "TCP4 " : "TCP6 ") + client.getHostAddress() + " "
                + server.getHostAddress() + " " + origin.client().getPort() + " " + origin.server().getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** §2.2: the signature, version and command, family, length, then addresses and ports in network order. */
    public static byte[] v2(ClientOrigin origin) {
        InetAddress client = origin.client().getAddress();
        InetAddress server = sameFamily(client, origin.server().getAddress());
        byte[] src = client.getAddress();
        byte[] dst = server.getAddress();
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 36);
        out.writeBytes(V2_SIGNATURE);
        out.write(V2_PROXY);
        out.write(src.length == 4 ? TCP4 : TCP6);
        int length = src.length + dst.length + 4;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(src);
        out.writeBytes(dst);
        writePort(out, origin.client().getPort());
        writePort(out, origin.server().getPort());
        return out.toByteArray();
    }

    private static void writePort(ByteArrayOutputStream out, int port) {
        out.write(port >> 8);
        out.write(port & 0xFF);
    }

    /**
     * Both addresses of a header are of one family. A subscriber on IPv6 reaching an IPv4
     * listener cannot happen on one socket, but a proxied pair can mix; the server side is
     * then given as the unspecified address of the client's family.
     */
    private static InetAddress sameFamily(InetAddress client, InetAddress server) {
        if ((client instanceof Inet4Address) == (server instanceof Inet4Address)) {
            return server;
        }
        try {
            return InetAddress.getByAddress(new byte[client.getAddress().length]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
