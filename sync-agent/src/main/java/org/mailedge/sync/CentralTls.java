package org.mailedge.sync;

import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS towards the central server: none, implicit (POP3S, RFC 8314 §3, preferred) or STLS
 * (RFC 2595). The certificate is always verified against {@code context}'s trust anchors
 * (the JDK's, or a CA file), and its name against the central host name; there is no
 * switch to turn either check off.
 *
 * @param mode    how TLS starts
 * @param context the client context whose trust managers judge the central server's certificate; null for {@link Mode#NONE}
 */
public record CentralTls(Mode mode, SSLContext context) {

    public enum Mode { NONE, IMPLICIT, STARTTLS }

    public static final CentralTls NONE = new CentralTls(Mode.NONE, null);

    /** RFC 8314 §4.1: TLS 1.2 or later. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public CentralTls {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.NONE) {
            Objects.requireNonNull(context, "context");
        }
    }
}
