package org.mailedge.node.pop3;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.mailedge.node.tls.ServerTls;

/**
 * TLS on the POP3 listeners: with a certificate, STLS on the plain listener (RFC 2595) and,
 * when {@code implicitListen} is given, a POP3S listener (RFC 8314 §3).
 *
 * @param server         the node's certificate and key
 * @param implicitListen the POP3S listener, or empty for none
 * @param require        refuse USER/PASS/AUTH before TLS on the plain listener, and do not advertise them there
 */
public record Pop3Tls(ServerTls server, Optional<InetSocketAddress> implicitListen, boolean require) {

    public Pop3Tls {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(implicitListen, "implicitListen");
    }
}
