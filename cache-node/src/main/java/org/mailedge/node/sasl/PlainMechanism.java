package org.mailedge.node.sasl;

import java.nio.charset.StandardCharsets;

/**
 * PLAIN (RFC 4616): one response, {@code [authzid] NUL authcid NUL passwd}. The edge logs in
 * at the central server as the authentication identity, so an authorization identity other
 * than that (acting as another user, Dovecot's master-user style) is refused: the central
 * server would never learn of it.
 */
public final class PlainMechanism implements SaslMechanism {

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public Exchange start() {
        return response -> response == null ? new SaslStep.Challenge(new byte[0]) : parse(response);
    }

    private static SaslStep parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int first = text.indexOf('\0');
        int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
        if (second < 0 || text.indexOf('\0', second + 1) >= 0) {
            return new SaslStep.Malformed("PLAIN needs [authzid] NUL authcid NUL password");
        }
        String authzid = text.substring(0, first);
        String authcid = text.substring(first + 1, second);
        if (!authzid.isEmpty() && !authzid.equals(authcid)) {
            return new SaslStep.Malformed("the authorization identity must be empty or equal the authentication identity");
        }
        return new SaslStep.Credentials(authcid, text.substring(second + 1));
    }
}
