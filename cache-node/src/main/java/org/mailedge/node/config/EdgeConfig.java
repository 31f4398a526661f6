package org.mailedge.node.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.mailedge.node.attenuation.ReleasePolicy;
import org.mailedge.node.pop3.Pop3Limits;
import org.mailedge.notify.NotifyListenerConfig;
import org.mailedge.sync.CentralEndpoint;

/**
 * The node's whole configuration, immutable and validated once at start by
 * {@link ConfigLoader}. Each section mirrors a section of the YAML file; README.md lists
 * every key with its unit and default.
 */
public record EdgeConfig(Node node, Pop3 pop3, Central central, Attenuation attenuation, Auth auth, Notifications notifications) {

    /** @param hostName the name in the POP3 greeting and the SMTP banner */
    public record Node(String hostName) {}

    public record Pop3(InetSocketAddress listen, Pop3Limits limits) {}

    /** @param maxSessions central sessions open at once: the worker threads that run the blocking client */
    public record Central(CentralEndpoint endpoint, int maxSessions) {}

    public record Attenuation(ReleasePolicy policy) {
        /** The RFC 2449 LOGIN-DELAY to advertise: the time rule's interval, none for one-in-m. */
        public java.util.Optional<Long> loginDelaySeconds() {
            return policy instanceof ReleasePolicy.TimeRule time
                    ? java.util.Optional.of(time.interval().toSeconds())
                    : java.util.Optional.empty();
        }
    }

    /** The failed-login penalty: {@code failureDelay}, doubling per failure up to {@code failureDelayMax}. */
    public record Auth(Duration failureDelay, Duration failureDelayMax, Duration failureMemory) {}

    public record Notifications(boolean enabled, NotifyListenerConfig listener) {}

    /** The node as {@code mailedge serve} runs it with an empty file. */
    public static EdgeConfig defaults() {
        try {
            return ConfigLoader.parse("{}");
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults must be valid", e);
        }
    }

    public EdgeConfig withPop3Listen(InetSocketAddress listen) {
        return new EdgeConfig(node, new Pop3(listen, pop3.limits()), central, attenuation, auth, notifications);
    }
}
