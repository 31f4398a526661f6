package org.mailedge.node.policy;

import java.util.Locale;

/** What the edge does with a user's repeat checks (docs/policies.md, "Modes"). */
public enum Mode {
    /** Answer repeat checks at the edge from the last known maildrop (the seed's attenuation). */
    ATTENUATE,
    /** Let every check through, with delay inserted into the replies of over-polling users (the seed's delay table). */
    DELAY,
    /** Refuse repeat checks after a valid password with RFC 2449 {@code [LOGIN-DELAY]}. */
    REJECT,
    /** Let every check through untouched: a plain proxy with the cache. */
    OFF;

    /** The word in the configuration file and the session log. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the attenuation table judges the check before the central server is asked. */
    public boolean judgedAtEdge() {
        return this == ATTENUATE || this == REJECT;
    }
}
