package org.mailedge.node.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What a SASL exchange asks for next: another response, a login, or the end of the exchange. */
public sealed interface SaslStep {

    /** The server's challenge, sent as {@code + <base64>} (RFC 5034 §4). */
    record Challenge(byte[] octets) implements SaslStep {

        public static Challenge of(String text) {
            return new Challenge(text.getBytes(StandardCharsets.US_ASCII));
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(octets);
        }
    }

    /**
     * The client's name and password, each as its octets decoded one char per octet
     * (ISO-8859-1), so they reach the central server byte for byte as the client sent them.
     */
    record Credentials(String user, String password) implements SaslStep {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    /** The responses make no valid login; the text says why, never with a password in it. */
    record Malformed(String reason) implements SaslStep {}
}
