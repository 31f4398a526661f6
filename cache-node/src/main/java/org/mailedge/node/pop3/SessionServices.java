package org.mailedge.node.pop3;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.auth.LoginPenalty;
import org.mailedge.node.cache.MailCache;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.sync.CentralEndpoint;

/**
 * What the POP3 command handlers share.
 *
 * @param centralIo the only threads that may block on the central server or the store; never a Netty thread
 * @param serveCacheWhenCentralDown whether a user the edge can verify is served from the cache
 *     while the central server is unreachable, or refused with [SYS/TEMP]
 */
public record SessionServices(AttenuationTable table, LoginPenalty penalty, CentralEndpoint central,
                              ExecutorService centralIo, MailCache cache, boolean serveCacheWhenCentralDown,
                              EdgeCounters counters, Clock clock) {}
