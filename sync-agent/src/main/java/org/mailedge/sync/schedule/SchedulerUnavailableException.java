package org.mailedge.sync.schedule;

/**
 * Quartz or its job store failed: the tables are missing, the database is unreachable, or the
 * scheduler was shut down. Unchecked because no caller can do better than report it.
 */
public final class SchedulerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchedulerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
