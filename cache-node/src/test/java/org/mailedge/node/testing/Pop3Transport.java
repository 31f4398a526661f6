package org.mailedge.node.testing;

/**
 * How a test client reaches the edge's POP3 service: the socket-level suites run once per
 * transport, so every behaviour they check holds in clear text, under POP3S and after STLS.
 */
public enum Pop3Transport {
    /** Clear text on the plain listener. */
    PLAIN,
    /** Implicit TLS on the POP3S listener (RFC 8314). */
    POP3S,
    /** The plain listener, upgraded with STLS (RFC 2595) right after the greeting. */
    STLS
}
