package org.mailedge.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.ScriptedCentral;
import org.mailedge.sync.origin.ClientOrigin;
import org.mailedge.sync.origin.ProxyHeader;

/**
 * PROXY protocol v1 and v2 on the POP3 listener: 127.0.0.1 plays the trusted load balancer,
 * 127.0.0.2 an ordinary subscriber; the proxied subscribers are 127.0.0.7x.
 */
class ProxyProtocolOverSocketsTest {

    private static final InetAddress BALANCER = address("127.0.0.1");
    private static final InetAddress DIRECT = address("127.0.0.2");

    private ScriptedCentral central;
    private EdgeNode edge;

    @BeforeEach
    void start() throws Exception {
        central = new ScriptedCentral("-ERR [AUTH] Authentication failed.", new CountDownLatch(0));
        edge = EdgeNode.start(ConfigLoader.parse("""
                pop3:
                  listen: "127.0.0.1:0"
                  max-connections-per-address: 1
                  proxy-protocol: {trusted-networks: [127.0.0.1/32], header-timeout: 500ms}
                central: {host: 127.0.0.1, port: %d, read-timeout: 30s}
                auth: {failure-delay: 200ms, failure-delay-max: 10s}
                notify: {enabled: false}
                cache: {enabled: false}
                admin: {enabled: false}
                """.formatted(central.port())), MutableClock.atEpoch());
    }

    @AfterEach
    void stop() throws IOException {
        edge.close();
        central.close();
    }

    private Pop3Wire viaBalancer(byte[] header) throws IOException {
        return Pop3Wire.connectWithPreamble(BALANCER, edge.pop3Port(), header);
    }

    private static ClientOrigin subscriber(String address, int port) {
        return new ClientOrigin(new InetSocketAddress(address(address), port), new InetSocketAddress(address("127.0.0.1"), 110));
    }

    @Nested
    class FromTheTrustedBalancer {
        @Test
        void aV1TextHeaderIsReadAndTheSessionIsGreeted() throws Exception {
            try (Pop3Wire pop = viaBalancer(ProxyHeader.v1(subscriber("127.0.0.71", 40001)))) {
                assertThat(pop.greeting).startsWith("+OK");
                assertThat(pop.ask("CAPA")).startsWith("+OK");
            }
        }

        @Test
        void aV2BinaryHeaderIsReadAndTheSessionIsGreeted() throws Exception {
            try (Pop3Wire pop = viaBalancer(ProxyHeader.v2(subscriber("127.0.0.72", 40002)))) {
                assertThat(pop.greeting).startsWith("+OK");
                assertThat(pop.ask("NOOP")).startsWith("-ERR"); // AUTHORIZATION state: the session is an ordinary one
            }
        }

        @Test
        void commandsSentWithTheHeaderInOneWriteAreAnsweredAfterTheGreeting() throws Exception {
            byte[] header = ProxyHeader.v1(subscriber("127.0.0.71", 40001));
            byte[] both = (new String(header, StandardCharsets.US_ASCII) + "CAPA\r\n").getBytes(StandardCharsets.US_ASCII);
            try (Pop3Wire pop = viaBalancer(both)) {
                assertThat(pop.greeting).startsWith("+OK");
                assertThat(pop.line()).startsWith("+OK");
            }
        }

        @Test
        void theConnectionLimitPerAddressCountsTheProxiedAddressNotTheBalancers() throws Exception {
            try (Pop3Wire first = viaBalancer(ProxyHeader.v1(subscriber("127.0.0.73", 40003)));
                 Pop3Wire sameSubscriber = viaBalancer(ProxyHeader.v2(subscriber("127.0.0.73", 40004)));
                 Pop3Wire otherSubscriber = viaBalancer(ProxyHeader.v2(subscriber("127.0.0.74", 40005)))) {
                assertThat(first.greeting).startsWith("+OK");
                assertThat(sameSubscriber.greeting).isEqualTo("-ERR [SYS/TEMP] Too many connections, try again later.");
                assertThat(sameSubscriber.closedByServer()).isTrue();
                assertThat(otherSubscriber.greeting).startsWith("+OK");
            }
        }

        @Test
        void theLoginPenaltyCountsTheProxiedAddressSoOneSubscribersGuessesDoNotSlowAnother() throws Exception {
            Duration fourth = Duration.ZERO;
            for (int i = 0; i < 4; i++) {
                try (Pop3Wire guesser = viaBalancer(ProxyHeader.v1(subscriber("127.0.0.75", 41000 + i)))) {
                    guesser.ask("USER mallory" + i);
                    fourth = timed(guesser, "PASS guess");
                }
                // one connection per address: the next may come only once the edge has seen this one close
                Poll.until(Duration.ofSeconds(10), "the guesser's connection is closed at the edge",
                        () -> edge.counters().connectionsOpen.sum() == 0);
            }
            try (Pop3Wire other = viaBalancer(ProxyHeader.v1(subscriber("127.0.0.76", 42000)))) {
                other.ask("USER bob");
                Duration first = timed(other, "PASS typo");
                // 200 ms, 400 ms, 800 ms, 1.6 s for the guesser's address; the other's first failure waits 200 ms
                assertThat(fourth).isGreaterThanOrEqualTo(Duration.ofMillis(1600));
                assertThat(first).isLessThan(Duration.ofMillis(1200));
            }
        }

        @Test
        void aConnectionWithoutAHeaderIsClosedWithoutAGreeting() throws Exception {
            try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), edge.pop3Port(), BALANCER, 0)) {
                socket.setSoTimeout(10_000);
                // nothing sent: the header time-out (500 ms) closes it, and no greeting came first
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }

        @Test
        void aConnectionThatStartsWithACommandInsteadOfAHeaderIsClosed() throws Exception {
            try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), edge.pop3Port(), BALANCER, 0)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("USER someone-long-enough\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Nested
    class FromAnUntrustedPeer {
        @Test
        void anOrdinaryClientIsServedAsBefore() throws Exception {
            try (Pop3Wire pop = Pop3Wire.connectFrom(DIRECT, edge.pop3Port())) {
                assertThat(pop.ask("CAPA")).startsWith("+OK");
            }
        }

        @Test
        void aV1HeaderClosesTheConnection() throws Exception {
            try (Pop3Wire pop = Pop3Wire.connectWithPreamble(DIRECT, edge.pop3Port(), ProxyHeader.v1(subscriber("127.0.0.77", 1)))) {
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void aV2HeaderClosesTheConnection() throws Exception {
            try (Pop3Wire pop = Pop3Wire.connectWithPreamble(DIRECT, edge.pop3Port(), ProxyHeader.v2(subscriber("127.0.0.77", 1)))) {
                assertThat(pop.closedByServer()).isTrue();
            }
        }
    }

    private static Duration timed(Pop3Wire pop, String command) throws IOException {
        long start = System.nanoTime();
        assertThat(pop.ask(command)).startsWith("-ERR [AUTH]");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
