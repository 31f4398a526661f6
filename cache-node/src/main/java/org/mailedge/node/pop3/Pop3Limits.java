package org.mailedge.node.pop3;

import java.time.Duration;
import org.mailedge.node.proxy.ProxyProtocol;

/**
 * Limits of the POP3 listener.
 *
 * @param maxLineLength octets per command line including CRLF (RFC 2449 §4: 255)
 * @param idleBeforeLogin session timer before login: short, so idle connections do not pile up
 * @param idleAfterLogin session timer after login: RFC 1939 §3 asks for at least 10 minutes
 * @param maxConnections connections at once, 0 for no limit
 * @param maxConnectionsPerAddress connections at once from one client address, 0 for no limit
 * @param ioThreads Netty event-loop threads
 * @param maxConnectionsPerUserAndAddress sessions at once of one user from one client address, counted at login; 0 for no limit
 * @param proxyProtocol which peers send a PROXY header with the subscriber's address
 */
public record Pop3Limits(int maxLineLength, Duration idleBeforeLogin, Duration idleAfterLogin,
                         int maxConnections, int maxConnectionsPerAddress, int ioThreads,
                         int maxConnectionsPerUserAndAddress, ProxyProtocol proxyProtocol) {}
