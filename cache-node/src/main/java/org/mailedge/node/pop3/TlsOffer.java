package org.mailedge.node.pop3;

import java.util.ArrayList;
import java.util.List;

/**
 * What the plain listener offers before TLS (RFC 2595 §4: "The server MAY advertise
 * different capabilities after STLS"): STLS itself when a certificate is configured, and
 * with {@code require} no USER and no SASL, which are refused there anyway
 * ({@link CleartextLoginGuard}).
 *
 * @param stls    STLS is offered on the plain listener
 * @param require logins before TLS are refused
 */
record TlsOffer(boolean stls, boolean require) {

    TlsOffer {
        if (require && !stls) {
            throw new IllegalArgumentException("requiring TLS needs STLS");
        }
    }

    /** The capabilities for a session still in clear text, from those offered under TLS. */
    List<String> beforeTls(List<String> capabilities) {
        List<String> out = new ArrayList<>();
        for (String capability : capabilities) {
            boolean login = capability.equals("USER") || capability.startsWith("SASL");
            if (!(require && login)) {
                out.add(capability);
            }
        }
        if (stls) {
            out.add("STLS");
        }
        return out;
    }
}
