package org.mailedge.node.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * Picks the mode for a check: the first {@linkplain ModeException exception} that names the
 * user or the client's network, else the node's default. Decided at PASS, when both are
 * known; immutable, so it is shared by every session.
 */
public record ModeSelector(Mode defaultMode, List<ModeException> exceptions) {

    public ModeSelector {
        exceptions = List.copyOf(exceptions);
    }

    public static ModeSelector always(Mode mode) {
        return new ModeSelector(mode, List.of());
    }

    public Mode modeFor(String user, InetAddress client) {
        for (ModeException exception : exceptions) {
            if (exception.matches(user, client)) {
                return exception.mode();
            }
        }
        return defaultMode;
    }

    /** Whether any check may be answered by {@code mode}: for CAPA and config validation. */
    public boolean anyUses(Mode mode) {
        return defaultMode == mode || exceptions.stream().anyMatch(e -> e.mode() == mode);
    }
}
