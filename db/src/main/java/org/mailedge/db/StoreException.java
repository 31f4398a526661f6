package org.mailedge.db;

/**
 * The durable store failed: the database could not be reached, a statement failed, or the
 * store could not be opened as configured. Unchecked, because the store interfaces are used
 * from POP3 handlers and Quartz jobs that can only end the operation (a session answers
 * {@code -ERR [SYS/TEMP]}, a prefetch run records a failure); the cause carries the
 * {@link java.sql.SQLException}.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
