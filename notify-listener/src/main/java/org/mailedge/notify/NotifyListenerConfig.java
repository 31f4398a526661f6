package org.mailedge.notify;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link NotifyListener}, validated when built: an invalid value fails here with
 * a message naming the field and its allowed range, never later on a session thread.
 *
 * @param bindAddress                       the local address to listen on; {@code 0.0.0.0} or {@code ::} for all
 * @param port                              TCP port, 0 to 65535; 0 picks a free port (see {@link NotifyListener#port()})
 * @param allowedNetworks                   clients allowed to send notifications; anyone else is refused at connect
 * @param maxMessageBytes                   largest accepted notification in bytes (after dot-unstuffing),
 *                                          also advertised as EHLO {@code SIZE}
 * @param maxRecipients                     most RCPT commands accepted in one transaction
 * @param maxTransactionsPerMinutePerSource most MAIL FROM commands one client address may start per minute
 * @param connectionTimeout                 how long a session may wait for the client to send anything
 * @param hostName                          the name in the greeting and the EHLO reply
 */
public record NotifyListenerConfig(InetAddress bindAddress, int port, List<NetworkRange> allowedNetworks,
                                   int maxMessageBytes, int maxRecipients, int maxTransactionsPerMinutePerSource,
                                   Duration connectionTimeout, String hostName, NotifySecurity security) {

    /** Only the local host: the central mail system must be allowed explicitly. */
    public static final List<NetworkRange> DEFAULT_ALLOWED_NETWORKS =
            List.of(NetworkRange.parse("127.0.0.0/8"), NetworkRange.parse("::1/128"));

    /**
     * 64 KiB, the smallest message size RFC 5321 section 4.5.3.1.7 lets a server limit itself to;
     * a notification needs a few hundred bytes.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final int MIN_MAX_MESSAGE_BYTES = 1024;
    /** The header of a notification is held in memory until the end of DATA, so the limit is bounded. */
    public static final int MAX_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    /** RFC 5321 section 4.5.3.1.8: a server must be able to take at least 100 recipients. */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int MAX_MAX_RECIPIENTS = 100_000;

    public static final int DEFAULT_MAX_TRANSACTIONS_PER_MINUTE_PER_SOURCE = 600;
    public static final int MAX_MAX_TRANSACTIONS_PER_MINUTE_PER_SOURCE = 1_000_000;

    /**
     * 30 s. Shorter than the 5 minutes RFC 5321 section 4.5.3.2.7 suggests, on purpose: the
     * senders are MTAs on the operator's own network, and an idle session holds a thread.
     */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_CONNECTION_TIMEOUT = Duration.ofHours(1);

    public static final String DEFAULT_HOST_NAME = "localhost";
    /** RFC 1035 section 2.3.4: a domain name is at most 255 octets. */
    public static final int MAX_HOST_NAME_LENGTH = 255;

    /** Without STARTTLS and AUTH. */
    public NotifyListenerConfig(InetAddress bindAddress, int port, List<NetworkRange> allowedNetworks, int maxMessageBytes,
                                int maxRecipients, int maxTransactionsPerMinutePerSource, Duration connectionTimeout,
                                String hostName) {
        this(bindAddress, port, allowedNetworks, maxMessageBytes, maxRecipients, maxTransactionsPerMinutePerSource,
                connectionTimeout, hostName, NotifySecurity.NONE);
    }

    public NotifyListenerConfig {
        Objects.requireNonNull(security, "security must not be null");
        Objects.requireNonNull(bindAddress, "bindAddress must not be null");
        requireRange("port", port, 0, 65_535, "");
        Objects.requireNonNull(allowedNetworks, "allowedNetworks must not be null");
        if (allowedNetworks.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("allowedNetworks must not contain null");
        }
        if (allowedNetworks.isEmpty()) {
            throw new IllegalArgumentException(
                    "allowedNetworks must name at least one network, e.g. 127.0.0.0/8; empty would refuse everyone");
        }
        allowedNetworks = List.copyOf(allowedNetworks);
        requireRange("maxMessageBytes", maxMessageBytes, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES, " bytes");
        requireRange("maxRecipients", maxRecipients, 1, MAX_MAX_RECIPIENTS, "");
        requireRange("maxTransactionsPerMinutePerSource", maxTransactionsPerMinutePerSource, 1,
                MAX_MAX_TRANSACTIONS_PER_MINUTE_PER_SOURCE, "");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout must not be null");
        if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0
                || connectionTimeout.compareTo(MAX_CONNECTION_TIMEOUT) > 0) {
            throw new IllegalArgumentException("connectionTimeout must be between " + MIN_CONNECTION_TIMEOUT
                    + " and " + MAX_CONNECTION_TIMEOUT + ", was " + connectionTimeout);
        }
        Objects.requireNonNull(hostName, "hostName must not be null");
        if (hostName.isEmpty() || hostName.length() > MAX_HOST_NAME_LENGTH
                || !hostName.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw new IllegalArgumentException("hostName must be 1 to " + MAX_HOST_NAME_LENGTH
                    + " printable US-ASCII characters without spaces, was \"" + hostName + "\"");
        }
    }

    /**
     * The defaults on the given port: listen on the loopback address, allow only
     * {@link #DEFAULT_ALLOWED_NETWORKS}, and the {@code DEFAULT_*} limits above.
     */
    public static NotifyListenerConfig defaults(int port) {
        return new NotifyListenerConfig(InetAddress.getLoopbackAddress(), port, DEFAULT_ALLOWED_NETWORKS,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_RECIPIENTS, DEFAULT_MAX_TRANSACTIONS_PER_MINUTE_PER_SOURCE,
                DEFAULT_CONNECTION_TIMEOUT, DEFAULT_HOST_NAME);
    }

    private static void requireRange(String field, int value, int min, int max, String unit) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be between " + min + " and " + max + unit + ", was " + value);
        }
    }
}
