package org.mailedge.sync;

import java.io.IOException;

/**
 * The central server could not be used: connect failure, timeout, I/O error, a closed
 * connection, or an answer that leaves the session in an unknown state.
 *
 * <p>It is one checked type so that a caller has exactly one place to fall back to a
 * temporary failure ({@code -ERR [SYS/TEMP]}, RFC 3206) towards the subscriber. The session
 * that threw it has already been closed without QUIT, so nothing was deleted (RFC 1939 §6).
 */
public class CentralUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public CentralUnavailableException(String message) {
        super(message);
    }

    public CentralUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
