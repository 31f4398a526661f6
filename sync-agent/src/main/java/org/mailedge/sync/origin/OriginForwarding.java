package org.mailedge.sync.origin;

/**
 * How the edge tells the central server each subscriber's address
 * ({@code central.forward-client-address}).
 */
public enum OriginForwarding {
    /** Not at all: every relayed login comes from the edge's address. */
    NONE,
    /**
     * Dovecot's {@code XCLIENT ADDR=.. PORT=..} before USER, when the central server offers it
     * (in its greeting, {@code [XCLIENT]}, or in CAPA); Dovecot offers it to peers in its
     * {@code login_trusted_networks}. A server that does not offer it gets a plain login.
     */
    XCLIENT,
    /** A PROXY protocol v1 (text) header right after connecting, before the greeting. */
    PROXY_V1,
    /** A PROXY protocol v2 (binary) header right after connecting, before the greeting. */
    PROXY_V2
}
