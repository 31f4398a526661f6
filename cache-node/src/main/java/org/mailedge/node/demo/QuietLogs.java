package org.mailedge.node.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Turns the per-session and per-notification INFO lines (and the store's schema migration of
 * its fresh database, and the prefetch's and its scheduler's lines) down to WARN while the demo runs: hundreds of checks a second would
 * bury the progress lines a user is meant to read, while warnings (a central session that
 * failed, a deferred reply that threw) still show.
 * {@link #close()} puts the levels back, so an in-process run leaves logging as it found it,
 * and {@code --stay} shows a user's own sessions and notifications again.
 */
final class QuietLogs implements AutoCloseable {

    /** The POP3 session summary line (pop3.SessionCloser). */
    static final String SESSION_LOG = "mailedge.session";
    /** The notification listener: its start line and one line per notification. */
    static final String NOTIFY_LOG = "org.mailedge.notify";
    /** The edge's store opening its fresh database, and the schema migration. */
    static final String STORE_LOG = "org.mailedge.db";
    static final String MIGRATION_LOG = "org.flywaydb";
    /** Prefetch (one line per user, per run, per notification), its scheduler, and the delete retries. */
    static final String SYNC_LOG = "org.mailedge.sync";
    /** Quartz's start-up and shut-down lines. */
    static final String QUARTZ_LOG = "org.quartz";
    /** One line per attenuation notice sent; the report counts them. */
    static final String NOTICE_LOG = "org.mailedge.node.notice";

    private static final List<String> QUIETED = List.of(SESSION_LOG, NOTIFY_LOG, STORE_LOG, MIGRATION_LOG, SYNC_LOG, QUARTZ_LOG,
            NOTICE_LOG);

    private final Map<Logger, Level> previous = new LinkedHashMap<>();

    private QuietLogs() {
    }

    /** Sets the loggers to WARN; without logback as the SLF4J binding it changes nothing. */
    static QuietLogs install() {
        QuietLogs quiet = new QuietLogs();
        for (String name : QUIETED) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                quiet.previous.put(logger, logger.getLevel());
                logger.setLevel(Level.WARN);
            }
        }
        return quiet;
    }

    /** Idempotent. */
    @Override
    public synchronized void close() {
        // a null level means "inherit", which setLevel(null) restores
        previous.forEach(Logger::setLevel);
    }
}
