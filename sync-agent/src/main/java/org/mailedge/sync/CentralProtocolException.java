package org.mailedge.sync;

/**
 * The central server broke the protocol or one of the edge's caps: an over-long line, an
 * over-large response, or a reply that does not parse.
 *
 * <p>A subtype rather than a separate type because the caller's reaction is the same (the
 * session is gone); it exists so that operators can tell a misbehaving server from a
 * network fault in the logs and metrics.
 */
public final class CentralProtocolException extends CentralUnavailableException {

    private static final long serialVersionUID = 1L;

    public CentralProtocolException(String message) {
        super(message);
    }

    public CentralProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
