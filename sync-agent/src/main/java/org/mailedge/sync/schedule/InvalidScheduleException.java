package org.mailedge.sync.schedule;

/**
 * A schedule an administrator asked for cannot be used: a malformed cron expression, one that
 * never fires again, or a non-positive window. The message says what is wrong and shows a
 * valid example, ready to be shown to the administrator as it is.
 */
public final class InvalidScheduleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidScheduleException(String message) {
        super(message);
    }
}
