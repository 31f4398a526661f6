/**
 * The prefetch schedule: Quartz with its JDBC job store in the node's own store, so that a
 * schedule set by an administrator survives restarts and, with several nodes sharing one
 * PostgreSQL store in clustered mode, the nightly prefetch runs once across the cluster.
 *
 * <p>{@link org.mailedge.sync.schedule.PrefetchScheduler} is the whole API; the Quartz glue
 * (job, job factory, connection provider) stays package-private.
 */
package org.mailedge.sync.schedule;
