package org.mailedge.db.users;

/** Which users a node prefetches for (the seed's two algorithms, or both). */
public enum Placement {
    /** Users whose directory entry names this node as home. */
    HOME,
    /** Users whose last session came through this node; users never seen anywhere fall back to their home. */
    LAST_SEEN,
    /** The union of both. */
    BOTH
}
