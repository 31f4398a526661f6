/**
 * Prefetch: pulling users' mail from the central server into the edge's store ahead of the
 * users' own sessions, without ever deleting anything at the central server.
 *
 * <p>{@link org.mailedge.sync.prefetch.Prefetcher} does the work (a batch run over the users
 * placed at this node, or one user at once on a new-mail notification); its bounds are a
 * window, a {@link org.mailedge.sync.prefetch.RateLimiter rate cap}, and per-user and total
 * cache caps. Scheduling lives in {@code org.mailedge.sync.schedule}.
 */
package org.mailedge.sync.prefetch;
