package org.mailedge.node.pop3;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.console.BusiestPollers;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.node.delay.DelayTable;
import org.mailedge.node.policy.ModeSelector;
import org.mailedge.node.auth.LoginPenalty;
import org.mailedge.node.cache.MailCache;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.notice.AttenuationNotices;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.origin.OriginForwarding;

/**
 * What the POP3 command handlers share.
 *
 * @param modes which mode each check gets
 * @param delays the delay table, for users in delay mode
 * @param load the rate of central sessions, for the adaptive interval
 *
 * @param centralIo the only threads that may block on the central server or the store; never a Netty thread
 * @param serveCacheWhenCentralDown whether a user the edge can verify is served from the cache
 *     while the central server is unreachable, or refused with [SYS/TEMP]
 * @param notices told of every check the attenuation table answers at the edge, attenuated or refused with
 *     [LOGIN-DELAY] (records it in memory; never blocks)
 * @param forwarding how the central server learns each subscriber's address
 * @param pollers told of every check, for the console's busiest pollers
 */
public record SessionServices(AttenuationTable table, ModeSelector modes, DelayTable delays, LoadSignal load,
                              LoginPenalty penalty, CentralEndpoint central,
                              ExecutorService centralIo, MailCache cache, boolean serveCacheWhenCentralDown,
                              EdgeCounters counters, Clock clock, AttenuationNotices notices,
                              OriginForwarding forwarding, BusiestPollers pollers) {

    /** Counts a POP3 session the edge opens at the central server, and feeds the adaptive interval's load signal. */
    void centralSessionOpened() {
        counters.centralSessions.increment();
        load.recordCentralSession(clock.millis());
    }

    /** n, the interval the node wants between a user's checks, now; zero when no time rule applies. */
    Duration desiredInterval() {
        return table.policy().desiredInterval(clock.millis()).orElse(Duration.ZERO);
    }
}
