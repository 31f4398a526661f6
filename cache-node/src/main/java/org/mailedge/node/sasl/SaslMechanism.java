package org.mailedge.node.sasl;

/**
 * A SASL mechanism the edge offers to subscribers (RFC 5034). The edge never checks a
 * password itself: a mechanism's only job is to get the name and the password out of the
 * client's responses, so that the login goes on exactly as after USER and PASS. That rules
 * out mechanisms whose responses do not contain the password (CRAM-MD5, SCRAM): the central
 * server must see the password (the same reason the edge has no APOP).
 */
public interface SaslMechanism {

    /** The name as in CAPA's {@code SASL} line and the AUTH command, upper case. */
    String name();

    /** A fresh exchange for one AUTH command. */
    Exchange start();

    /** One AUTH exchange; not thread-safe (one session's event loop drives it). */
    interface Exchange {

        /**
         * The next step after the client's response.
         *
         * @param response the decoded octets of the client's response; null for an AUTH
         *     command without an initial response (RFC 5034 §4: the server then sends an
         *     empty challenge or its first one)
         */
        SaslStep next(byte[] response);
    }
}
