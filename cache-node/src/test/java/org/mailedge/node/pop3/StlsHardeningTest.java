package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.Pop3Transport;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.ScriptedCentral;
import org.mailedge.node.testing.TestCertificate;

/**
 * STLS (RFC 2595) on the plain listener, regression tests grouped by threat (checklist rows
 * 1 to 4). The client side of STLS, towards the central server, is in sync-agent.
 */
class StlsHardeningTest {

    private CentralAndEdge node;

    @BeforeEach
    void start() throws Exception {
        node = CentralAndEdge.start(Pop3Transport.STLS);
        node.user("alice", "secret");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Pop3Wire plain() throws IOException {
        return Pop3Wire.connect(node.edge.pop3Port());
    }

    /** CVE-2011-0411 class: clear-text bytes sent after STLS must never be answered inside TLS. */
    @Nested
    class CommandsPipelinedAfterStls {

        @Test
        void aCommandInTheSameWriteAsStlsClosesTheConnectionWithoutStartingTls() throws Exception {
            try (Pop3Wire pop = plain()) {
                pop.raw("STLS\r\nCAPA\r\n");
                assertThat(pop.line()).startsWith("-ERR");
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void aPartialLineAfterStlsInTheSameWriteClosesTheConnectionToo() throws Exception {
            try (Pop3Wire pop = plain()) {
                pop.raw("STLS\r\nUSER ev");
                assertThat(pop.line()).startsWith("-ERR");
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void linesThatArriveWhileStlsWaitsBehindASlowReplyCloseTheConnection() throws Exception {
            CountDownLatch gate = new CountDownLatch(1);
            try (ScriptedCentral central = new ScriptedCentral("-ERR [AUTH] no", gate);
                 EdgeNode edge = edgeInFrontOf(central.port());
                 Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                pop.raw("USER alice\r\nPASS wrong\r\n");
                assertThat(central.passReceived.await(10, TimeUnit.SECONDS)).isTrue();
                // the PASS reply is pending: STLS and what follows it wait in the edge's queue
                pop.raw("STLS\r\n");
                pop.raw("CAPA\r\n");
                gate.countDown();
                assertThat(pop.line()).startsWith("+OK");          // USER
                assertThat(pop.line()).startsWith("-ERR [AUTH]");  // PASS
                // STLS: -ERR when CAPA was already read; if the edge had not read it yet, STLS
                // began and CAPA's clear text then broke the handshake. Either way CAPA is
                // never answered and the connection ends.
                assertThat(pop.line()).matches("-ERR.*|\\+OK Begin TLS.*");
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void clearTextSentAfterTheStlsReplyInsteadOfAHandshakeEndsTheConnection() throws Exception {
            try (Pop3Wire pop = plain()) {
                assertThat(pop.ask("STLS")).startsWith("+OK");
                pop.raw("CAPA\r\n");
                assertThat(pop.closedByServer()).isTrue();
            }
        }

        @Test
        void stlsWithAnArgumentIsRefusedAndTheSessionStaysInClearText() throws Exception {
            try (Pop3Wire pop = plain()) {
                assertThat(pop.ask("STLS junk")).startsWith("-ERR");
                assertThat(pop.ask("CAPA")).startsWith("+OK");
            }
        }
    }

    /** Session fixation: RFC 2595 §4 allows STLS only in the AUTHORIZATION state. */
    @Nested
    class StlsAfterLogin {

        @Test
        void stlsAfterLoginIsRefusedAndTheSessionGoesOn() throws Exception {
            try (Pop3Wire pop = plain()) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STLS")).startsWith("-ERR");
                assertThat(pop.ask("STAT")).startsWith("+OK 0 0");
            }
        }

        @Test
        void stlsInsideTlsIsRefused() throws Exception {
            try (Pop3Wire pop = node.connect()) {
                assertThat(pop.ask("STLS")).startsWith("-ERR");
            }
            try (Pop3Wire pop = Pop3Wire.connect(node.edge.pop3sPort().orElseThrow(), Pop3Transport.POP3S)) {
                assertThat(pop.ask("STLS")).startsWith("-ERR");
            }
        }
    }

    /** RFC 2595 §4, RFC 3207 §4.2: nothing the client said before TLS counts after it. */
    @Nested
    class StateFromBeforeTls {

        @Test
        void aUserGivenBeforeStlsIsForgotten() throws Exception {
            try (Pop3Wire clear = plain()) {
                assertThat(clear.ask("USER alice")).startsWith("+OK");
                assertThat(clear.ask("STLS")).startsWith("+OK");
                Pop3Wire tls = clear.startTls();
                assertThat(tls.ask("PASS secret")).startsWith("-ERR");
                assertThat(tls.ask("USER alice")).startsWith("+OK");
                assertThat(tls.ask("PASS secret")).startsWith("+OK");
            }
        }

        @Test
        void capaChangesWithTlsStlsIsOfferedOnlyBefore() throws Exception {
            try (Pop3Wire clear = plain()) {
                assertThat(clear.ask("CAPA")).startsWith("+OK");
                assertThat(clear.body()).contains("STLS", "USER");
                assertThat(clear.ask("STLS")).startsWith("+OK");
                Pop3Wire tls = clear.startTls();
                assertThat(tls.ask("CAPA")).startsWith("+OK");
                assertThat(tls.body()).contains("USER").doesNotContain("STLS");
            }
        }
    }

    /** RFC 8314, RFC 2595 §2: with pop3.tls.require no password crosses the wire in clear text. */
    @Nested
    class ClearTextLogin {

        @Test
        void userPassAndAuthBeforeTlsAreRefusedAndNotAdvertised() throws Exception {
            try (EdgeNode edge = requiringTls(node.central.getPop3().getPort());
                 Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                assertThat(pop.ask("CAPA")).startsWith("+OK");
                assertThat(pop.body()).contains("STLS").doesNotContain("USER").noneMatch(c -> c.startsWith("SASL"));
                assertThat(pop.ask("USER alice")).startsWith("-ERR");
                assertThat(pop.ask("PASS secret")).startsWith("-ERR");
                assertThat(pop.ask("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).startsWith("-ERR");
            }
        }

        @Test
        void afterStlsAndOnThePop3sPortTheSameLoginWorks() throws Exception {
            try (EdgeNode edge = requiringTls(node.central.getPop3().getPort())) {
                try (Pop3Wire pop = Pop3Wire.connect(edge.pop3Port(), Pop3Transport.STLS)) {
                    assertThat(pop.ask("CAPA")).startsWith("+OK");
                    assertThat(pop.body()).contains("USER").doesNotContain("STLS");
                    pop.login("alice", "secret");
                    assertThat(pop.ask("QUIT")).startsWith("+OK");
                }
                try (Pop3Wire pop = Pop3Wire.connect(edge.pop3sPort().orElseThrow(), Pop3Transport.POP3S)) {
                    pop.login("alice", "secret");
                }
            }
        }

        @Test
        void aClientThatDoesNotTrustTheCertificateNeverGetsToLogIn() throws Exception {
            try (EdgeNode edge = requiringTls(node.central.getPop3().getPort())) {
                javax.net.ssl.SSLSocketFactory untrusting = javax.net.ssl.SSLContext.getDefault().getSocketFactory();
                assertThatThrownBy(() -> {
                    try (var socket = untrusting.createSocket("127.0.0.1", edge.pop3sPort().orElseThrow())) {
                        ((javax.net.ssl.SSLSocket) socket).startHandshake();
                    }
                }).isInstanceOf(javax.net.ssl.SSLException.class);
            }
        }

        private EdgeNode requiringTls(int centralPort) throws Exception {
            Path dir = Files.createTempDirectory("mailedge-strict");
            return EdgeNode.start(ConfigLoader.parse("""
                    node: {data-dir: %s}
                    admin: {enabled: false}
                    notify: {enabled: false}
                    cache: {enabled: false}
                    pop3:
                      listen: "127.0.0.1:0"
                      tls: {listen: "127.0.0.1:0", require: true}
                    central: {host: 127.0.0.1, port: %d}
                    """.formatted(dir, centralPort) + TestCertificate.get().yaml()), MutableClock.atEpoch());
        }
    }

    private EdgeNode edgeInFrontOf(int centralPort) throws Exception {
        Path dir = Files.createTempDirectory("mailedge-stls");
        return EdgeNode.start(ConfigLoader.parse("""
                node: {data-dir: %s}
                admin: {enabled: false}
                notify: {enabled: false}
                cache: {enabled: false}
                pop3: {listen: "127.0.0.1:0"}
                central: {host: 127.0.0.1, port: %d, read-timeout: 30s}
                auth: {failure-delay: 0s, failure-delay-max: 0s}
                """.formatted(dir, centralPort) + TestCertificate.get().yaml()), MutableClock.atEpoch());
    }
}
