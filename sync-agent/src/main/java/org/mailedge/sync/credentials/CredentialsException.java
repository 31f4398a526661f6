package org.mailedge.sync.credentials;

/**
 * The configured credentials cannot be used: a per-user file that is missing, unreadable,
 * readable by others, or malformed. Meant for start-up, so that the node refuses to run
 * rather than prefetching with nothing. Messages name the file and the line number, never a
 * password.
 */
public final class CredentialsException extends Exception {

    private static final long serialVersionUID = 1L;

    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
