package org.mailedge.sync.credentials;

import java.util.Objects;

/**
 * What to send as USER and PASS to open a user's maildrop at the central server.
 *
 * <p>{@link #toString()} withholds the password, so that a login that ends up in a log line,
 * an exception or a debugger's variable view does not leak it.
 *
 * @param loginName the USER argument, e.g. {@code alice} or, for a master user,
 *                  {@code alice*edge}
 * @param password  the PASS argument
 */
public record CentralLogin(String loginName, String password) {

    public CentralLogin {
        Objects.requireNonNull(loginName, "loginName");
        Objects.requireNonNull(password, "password");
        if (loginName.isEmpty()) {
            throw new IllegalArgumentException("loginName must not be empty");
        }
    }

    @Override
    public String toString() {
        return "CentralLogin[loginName=" + loginName + ", password=(withheld)]";
    }
}
