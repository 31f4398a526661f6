package org.mailedge.node.sasl;

import java.nio.charset.StandardCharsets;

/**
 * LOGIN (draft-murchison-sasl-login, what Outlook and many older clients use): the server
 * asks {@code Username:}, then {@code Password:}, each answer one response. An initial
 * response, when the client sends one, is the user name.
 */
public final class LoginMechanism implements SaslMechanism {

    private static final SaslStep USERNAME = SaslStep.Challenge.of("Username:");
    private static final SaslStep PASSWORD = SaslStep.Challenge.of("Password:");

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public Exchange start() {
        return new Exchange() {
            private String user;

            @Override
            public SaslStep next(byte[] response) {
                if (response == null) {
                    return USERNAME;
                }
                String text = new String(response, StandardCharsets.ISO_8859_1);
                if (user == null) {
                    user = text;
                    return PASSWORD;
                }
                return new SaslStep.Credentials(user, text);
            }
        };
    }
}
