package org.mailedge.node.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.mailedge.db.StoreConfig;
import org.mailedge.sync.credentials.CredentialsConfig;
import org.mailedge.sync.prefetch.PrefetchConfig;
import org.mailedge.sync.schedule.SchedulerConfig;
import org.mailedge.node.attenuation.AdaptiveInterval;
import org.mailedge.node.attenuation.FastCheck;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.node.attenuation.ReleasePolicy;
import org.mailedge.node.delay.DelayRule;
import org.mailedge.node.admin.AdminToken;
import org.mailedge.node.notice.NoticeSettings;
import org.mailedge.node.policy.Mode;
import org.mailedge.node.policy.ModeSelector;
import org.mailedge.node.pop3.Pop3Limits;
import org.mailedge.node.pop3.Pop3Tls;
import org.mailedge.node.tls.ServerTls;
import org.mailedge.notify.NotifyListenerConfig;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.origin.OriginForwarding;

/**
 * The node's whole configuration, immutable and validated once at start by
 * {@link ConfigLoader}. Each section mirrors a section of the YAML file; README.md lists
 * every key with its unit and default.
 */
public record EdgeConfig(Node node, Pop3 pop3, Central central, Attenuation attenuation, Auth auth,
                         Notifications notifications, Store store, Cache cache, Prefetch prefetch, Admin admin,
                         NoticeSettings notices, Tls tls) {

    /**
     * @param hostName the name in the POP3 greeting and the SMTP banner
     * @param name this node's name in the user directory (home and last-seen placement)
     * @param dataDirectory where the embedded store lives
     */
    public record Node(String hostName, String name, Path dataDirectory) {}

    public record Pop3(InetSocketAddress listen, Pop3Limits limits) {}

    /**
     * @param maxSessions central sessions open at once: the worker threads that run the blocking client
     * @param forwarding how subscribers' sessions hand the central server the subscriber's address
     */
    public record Central(CentralEndpoint endpoint, int maxSessions, OriginForwarding forwarding) {}

    /**
     * How checks are judged (docs/policies.md).
     *
     * @param modes     the node's mode and its per-user and per-network exceptions
     * @param policy    the release rule of attenuate and reject modes
     * @param interval  n of the time rule, and the desired interval of delay and reject modes
     * @param oneInM    m of the one-in-m rule
     * @param adaptive  the adaptive time rule's range and load thresholds
     * @param fastCheck the fast check; empty when off
     * @param delay     delay mode's growth and caps
     */
    public record Attenuation(ModeSelector modes, Policy policy, Duration interval, int oneInM, Adaptive adaptive,
                              Optional<FastCheck> fastCheck, DelayRule delay) {

        public enum Policy { TIME, ONE_IN_M, ADAPTIVE }

        /** n between {@code minInterval} and {@code maxInterval}, from central sessions/s between the rates, smoothed over {@code smoothing}. */
        public record Adaptive(Duration minInterval, Duration maxInterval, double lowRate, double highRate, Duration smoothing) {}

        /** The release rule; the adaptive one reads {@code load}, the node's own measure of the central sessions it opens. */
        public ReleasePolicy releasePolicy(LoadSignal load) {
            return switch (policy) {
                case TIME -> new ReleasePolicy.TimeRule(interval);
                case ONE_IN_M -> new ReleasePolicy.OneInM(oneInM);
                case ADAPTIVE -> new ReleasePolicy.AdaptiveTimeRule(new AdaptiveInterval(adaptive.minInterval(),
                        adaptive.maxInterval(), adaptive.lowRate(), adaptive.highRate(), load));
            };
        }

        /** A load signal with the configured smoothing. */
        public LoadSignal newLoadSignal() {
            return new LoadSignal(adaptive.smoothing().toMillis());
        }

        /**
         * The RFC 2449 LOGIN-DELAY to advertise: the time rule's interval, the adaptive rule's
         * largest (the safe side), none for one-in-m or a node whose mode is off.
         */
        public Optional<Long> loginDelaySeconds() {
            if (modes.defaultMode() == Mode.OFF) {
                return Optional.empty();
            }
            return switch (policy) {
                case TIME -> Optional.of(interval.toSeconds());
                case ADAPTIVE -> Optional.of(adaptive.maxInterval().toSeconds());
                case ONE_IN_M -> Optional.empty();
            };
        }
    }

    /** The failed-login penalty: {@code failureDelay}, doubling per failure up to {@code failureDelayMax}. */
    public record Auth(Duration failureDelay, Duration failureDelayMax, Duration failureMemory) {}

    public record Notifications(boolean enabled, NotifyListenerConfig listener) {}

    public record Store(StoreConfig config) {}

    /**
     * @param enabled whether the node keeps a mail cache at all
     * @param keepRetrieved whether a message fetched from the central server for a client is stored too
     * @param serveWhenCentralDown serve verified users from the cache while the central server is down, or refuse [SYS/TEMP]
     */
    public record Cache(boolean enabled, boolean keepRetrieved, boolean serveWhenCentralDown) {}

    /**
     * @param credentials how the edge logs in for its own central sessions; empty: no prefetch and no background delete retries
     * @param cron the schedule set at first start; later changes live in the job store
     * @param onNotification prefetch a user at once when a new-mail notification for them arrives
     * @param deleteRetryInterval how often queued deletes that are due are retried at the central server
     */
    public record Prefetch(Optional<CredentialsConfig> credentials, PrefetchConfig config, SchedulerConfig scheduler,
                           String cron, Duration maxDuration, boolean onNotification, Duration deleteRetryInterval) {}

    /**
     * @param tokenFile {@code admin.token-file}, which {@code mailedge} commands read to call the API
     * @param token     its token; required when {@code listen} is not loopback
     */
    public record Admin(boolean enabled, InetSocketAddress listen, Optional<Path> tokenFile, Optional<AdminToken> token) {}

    /**
     * The node's certificate (section {@code tls}) and what the POP3 listeners do with it
     * ({@code pop3.tls}); both empty without a certificate.
     */
    public record Tls(Optional<ServerTls> server, Optional<Pop3Tls> pop3) {}

    /** The node as {@code mailedge serve} runs it with an empty file. */
    public static EdgeConfig defaults() {
        try {
            return ConfigLoader.parse("{}");
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults must be valid", e);
        }
    }

    public EdgeConfig withPop3Listen(InetSocketAddress listen) {
        return new EdgeConfig(node, new Pop3(listen, pop3.limits()), central, attenuation, auth, notifications, store, cache,
                prefetch, admin, notices, tls);
    }
}
