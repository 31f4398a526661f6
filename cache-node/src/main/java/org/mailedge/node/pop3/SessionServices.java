package org.mailedge.node.pop3;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.auth.LoginPenalty;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.sync.CentralEndpoint;

/**
 * What the POP3 command handlers share: the attenuation table, the login penalty, the way
 * to the central server and the worker pool for its blocking client, the counters and the
 * clock.
 *
 * @param centralIo the only threads that may block on the central server; never a Netty thread
 */
public record SessionServices(AttenuationTable table, LoginPenalty penalty, CentralEndpoint central,
                              ExecutorService centralIo, EdgeCounters counters, Clock clock) {}
