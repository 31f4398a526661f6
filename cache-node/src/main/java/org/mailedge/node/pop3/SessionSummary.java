package org.mailedge.node.pop3;

import java.util.Locale;
import org.apache.james.protocols.api.ProtocolSession;

/**
 * What the operator's one log line per POP3 session says: who, how the check was served,
 * how many commands, how many bytes went out, and how it ended. Never a password.
 * Mutated only on the session's event loop.
 */
final class SessionSummary {

    static final ProtocolSession.AttachmentKey<SessionSummary> KEY =
            ProtocolSession.AttachmentKey.of("mailedge.summary", SessionSummary.class);

    /** How the session's check was served. */
    enum Mode {
        NO_LOGIN, ATTENUATED, THROUGH, DELAYED, LOGIN_DELAY, OFFLINE, REFUSED, IN_USE, UNAVAILABLE;

        /** As the log line's {@code mode=} and the metrics' {@code mode} label show it. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final long startNanos = System.nanoTime();
    private Mode mode = Mode.NO_LOGIN;
    private int commands;
    private long bytesOut;
    private String result = "disconnected";

    static SessionSummary of(ProtocolSession session) {
        if (session == null) {
            return new SessionSummary();
        }
        return session.getAttachment(KEY, ProtocolSession.State.Connection).orElseGet(() -> {
            SessionSummary fresh = new SessionSummary();
            session.setAttachment(KEY, fresh, ProtocolSession.State.Connection);
            return fresh;
        });
    }

    void countCommand() {
        commands++;
    }

    void addBytesOut(long bytes) {
        bytesOut += bytes;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    Mode mode() {
        return mode;
    }

    void result(String result) {
        this.result = result;
    }

    String line(String user, String client) {
        return String.format(Locale.ROOT, "pop3 session user=%s client=%s mode=%s commands=%d bytes=%d result=%s duration_ms=%d",
                user == null ? "-" : user, client, mode.label(), commands, bytesOut, result,
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
