package org.mailedge.db.cache;

import java.time.Instant;

/** One message held in the edge's cache, keyed by the central server's UID (never by message number). */
public record CachedMessage(String user, String uid, long size, Instant fetchedAt) {}
