package org.mailedge.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the central POP3 server is and how much the edge is prepared to wait for and read
 * from it.
 *
 * <p>Validated once, here, so that a bad value fails at start-up with the key and the allowed
 * range rather than as a strange socket error under load.
 *
 * @param host             host name or address of the central server
 * @param port             TCP port, 1..65535
 * @param connectTimeout   bound on the TCP connect, whole milliseconds (DNS resolution is not
 *                         covered)
 * @param readTimeout      bound on each single socket read; not a deadline for a whole response
 * @param maxLineLength    octets per line including CRLF, at least 512 (RFC 1939 §3); applies
 *                         to status lines and UIDL/LIST lines, not to RETR/TOP message lines
 * @param maxResponseBytes octets per response including status line and terminator; bounds
 *                         the heap one RETR, TOP, UIDL or LIST can take
 * @param tls              TLS towards the central server, verified against {@code host}
 */
public record CentralEndpoint(String host, int port, Duration connectTimeout, Duration readTimeout,
                              int maxLineLength, long maxResponseBytes, CentralTls tls) {

    /** RFC 1939 §3: "Responses may be up to 512 characters long, including the terminating CRLF." */
    public static final int MIN_LINE_LENGTH = 512;

    /** Generous for any real server, and the cost of one line the edge buffers per session. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;

    /** Larger than typical mailbox message limits; RETR materialises a message in heap. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    /** The largest {@code byte[]} a JVM reliably allocates; RETR returns the message as one. */
    public static final long MAX_RESPONSE_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public CentralEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        requireWholeMillis("connectTimeout", connectTimeout);
        requireWholeMillis("readTimeout", readTimeout);
        if (maxLineLength < MIN_LINE_LENGTH) {
            throw new IllegalArgumentException("maxLineLength must be >= " + MIN_LINE_LENGTH
                    + " octets (RFC 1939 §3 allows 512-octet replies), was " + maxLineLength);
        }
        if (maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxResponseBytes must be 1.." + MAX_RESPONSE_BYTES_LIMIT
                    + " octets, was " + maxResponseBytes);
        }
    }

    /** In clear text. */
    public CentralEndpoint(String host, int port, Duration connectTimeout, Duration readTimeout, int maxLineLength,
                           long maxResponseBytes) {
        this(host, port, connectTimeout, readTimeout, maxLineLength, maxResponseBytes, CentralTls.NONE);
    }

    public CentralEndpoint withTls(CentralTls tls) {
        return new CentralEndpoint(host, port, connectTimeout, readTimeout, maxLineLength, maxResponseBytes, tls);
    }

    /** An endpoint with the defaults: 10 s connect, 60 s read, 8192-octet lines, 64 MiB per response. */
    public static CentralEndpoint of(String host, int port) {
        return new CentralEndpoint(host, port, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * Sockets take an {@code int} of milliseconds where 0 means "wait forever", so a duration
     * below 1 ms or above {@code Integer.MAX_VALUE} ms would silently become unbounded or wrap.
     */
    private static void requireWholeMillis(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(key + " must be 1.." + Integer.MAX_VALUE + " ms, was " + value);
        }
    }

    int connectTimeoutMillis() {
        return (int) connectTimeout.toMillis();
    }

    int readTimeoutMillis() {
        return (int) readTimeout.toMillis();
    }

    String address() {
        return host + ":" + port;
    }
}
