package org.mailedge.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.ScriptedCentral;
import org.mailedge.sync.origin.ClientOrigin;
import org.mailedge.sync.origin.ProxyHeader;

/**
 * The subscriber's address reaches the central server: XCLIENT before USER when the server
 * offers it, or a PROXY header before its greeting. The scripted central server records
 * what it receives; the subscriber connects from 127.0.0.3.
 */
class ClientAddressForwardingTest {

    private static final InetAddress SUBSCRIBER = address("127.0.0.3");
    private static final String DOVECOT_TRUSTING_GREETING = "+OK [XCLIENT] Dovecot ready.";

    private static EdgeNode edgeInFrontOf(ScriptedCentral central, String forwarding, String pop3Extra) throws Exception {
        return EdgeNode.start(ConfigLoader.parse("""
                pop3: {listen: "127.0.0.1:0"%s}
                central: {host: 127.0.0.1, port: %d, read-timeout: 30s, forward-client-address: %s}
                notify: {enabled: false}
                cache: {enabled: false}
                admin: {enabled: false}
                """.formatted(pop3Extra, central.port(), forwarding)), MutableClock.atEpoch());
    }

    /** A whole check, so the central session is over before the assertions read what it recorded. */
    private static int check(Pop3Wire pop) throws Exception {
        pop.login("alice", "secret");
        assertThat(pop.ask("QUIT")).startsWith("+OK");
        return pop.localPort();
    }

    @Test
    void xclientNamesTheSubscriberBeforeUserWhenTheGreetingOffersIt() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording(DOVECOT_TRUSTING_GREETING, Map.of("XCLIENT", "+OK Updated"), false);
             EdgeNode edge = edgeInFrontOf(central, "xclient", "")) {
            int port;
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                port = check(pop);
            }
            assertThat(central.received).startsWith("XCLIENT ADDR=127.0.0.3 PORT=" + port, "USER alice", "PASS secret");
        }
    }

    @Test
    void xclientOfferedOnlyInCapaIsUsedToo() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording("+OK ready.",
                Map.of("CAPA", "+OK\r\nUSER\r\nXCLIENT\r\n.", "XCLIENT", "+OK Updated"), false);
             EdgeNode edge = edgeInFrontOf(central, "xclient", "")) {
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                check(pop);
            }
            assertThat(central.received).startsWith("CAPA");
            assertThat(central.received.get(1)).startsWith("XCLIENT ADDR=127.0.0.3 ");
            assertThat(central.received.get(2)).isEqualTo("USER alice");
        }
    }

    @Test
    void aServerThatDoesNotOfferXclientGetsAPlainLogin() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording("+OK ready.", Map.of(), false);
             EdgeNode edge = edgeInFrontOf(central, "xclient", "")) {
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                check(pop);
            }
            assertThat(central.received).startsWith("CAPA", "USER alice", "PASS secret");
            assertThat(central.received).noneMatch(line -> line.startsWith("XCLIENT"));
        }
    }

    @Test
    void aRefusedXclientStillLetsTheSubscriberLogIn() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording(DOVECOT_TRUSTING_GREETING,
                Map.of("XCLIENT", "-ERR Trusted networks only"), false);
             EdgeNode edge = edgeInFrontOf(central, "xclient", "")) {
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                check(pop);
            }
            assertThat(central.received).contains("USER alice");
        }
    }

    @Test
    void withForwardingOffNothingIsSentButTheLogin() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording(DOVECOT_TRUSTING_GREETING, Map.of(), false);
             EdgeNode edge = edgeInFrontOf(central, "none", "")) {
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                check(pop);
            }
            assertThat(central.received).startsWith("USER alice", "PASS secret");
        }
    }

    @Test
    void aProxyV1HeaderPrecedesEverythingElse() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording("+OK ready.", Map.of(), true);
             EdgeNode edge = edgeInFrontOf(central, "proxy-v1", "")) {
            int port;
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                port = check(pop);
            }
            assertThat(new String(central.proxyHeaders.get(0), StandardCharsets.US_ASCII))
                    .isEqualTo("PROXY TCP4 127.0.0.3 127.0.0.1 " + port + " " + edge.pop3Port() + "\r\n");
            assertThat(central.received).startsWith("USER alice");
        }
    }

    @Test
    void aProxyV2HeaderDecodesToTheSubscriberAndTheListener() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording("+OK ready.", Map.of(), true);
             EdgeNode edge = edgeInFrontOf(central, "proxy-v2", "")) {
            int port;
            try (Pop3Wire pop = Pop3Wire.connectFrom(SUBSCRIBER, edge.pop3Port())) {
                port = check(pop);
            }
            HAProxyMessage header = decode(central.proxyHeaders.get(0));
            try {
                assertThat(header.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
                assertThat(header.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
                assertThat(header.sourceAddress()).isEqualTo("127.0.0.3");
                assertThat(header.sourcePort()).isEqualTo(port);
                assertThat(header.destinationAddress()).isEqualTo("127.0.0.1");
                assertThat(header.destinationPort()).isEqualTo(edge.pop3Port());
            } finally {
                header.release();
            }
        }
    }

    @Test
    void behindALoadBalancerTheCentralServerLearnsTheProxiedSubscriberNotTheBalancer() throws Exception {
        try (ScriptedCentral central = ScriptedCentral.recording(DOVECOT_TRUSTING_GREETING, Map.of("XCLIENT", "+OK Updated"), false);
             EdgeNode edge = edgeInFrontOf(central, "xclient", ", proxy-protocol: {trusted-networks: [127.0.0.1/32]}")) {
            byte[] header = ProxyHeader.v2(new ClientOrigin(new InetSocketAddress(address("127.0.0.79"), 50123),
                    new InetSocketAddress(address("127.0.0.1"), 110)));
            try (Pop3Wire pop = Pop3Wire.connectWithPreamble(address("127.0.0.1"), edge.pop3Port(), header)) {
                check(pop);
            }
            assertThat(central.received).startsWith("XCLIENT ADDR=127.0.0.79 PORT=50123");
        }
    }

    @Test
    void headersForIpv6SubscribersUseTheTcp6Forms() {
        ClientOrigin v6 = new ClientOrigin(new InetSocketAddress(address("2001:db8::7"), 1234),
                new InetSocketAddress(address("2001:db8::1"), 110));
        assertThat(new String(ProxyHeader.v1(v6), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP6 2001:db8:0:0:0:0:0:7 2001:db8:0:0:0:0:0:1 1234 110\r\n");
        HAProxyMessage decoded = decode(ProxyHeader.v2(v6));
        try {
            assertThat(decoded.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
            assertThat(decoded.sourcePort()).isEqualTo(1234);
        } finally {
            decoded.release();
        }
    }

    /** Netty's decoder, as a load balancer's peer would run it. */
    private static HAProxyMessage decode(byte[] header) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(header));
        HAProxyMessage message = channel.readInbound();
        channel.finishAndReleaseAll();
        return message;
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
