package org.mailedge.node.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.mailedge.node.testing.TestCertificate;

/**
 * TLS towards the central server ({@code central.tls}). The "central server" here is an
 * edge with POP3S and STLS in front of GreenMail (GreenMail has no STLS), so the edge under
 * test talks TLS to a real POP3 server with the test certificate; every login that goes
 * through reaches GreenMail.
 */
class CentralTlsTest {

    private CentralAndEdge upstream;

    @BeforeEach
    void start() throws Exception {
        upstream = CentralAndEdge.start(Pop3Transport.POP3S);
        upstream.deliver(upstream.user("alice", "secret"), "hello", "over TLS");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Nested
    class Verified {

        @Test
        void implicitTlsWithTheCaFileLogsInAndListsTheCentralMaildrop() throws Exception {
            try (EdgeNode edge = edgeTowards("127.0.0.1", upstream.edge.pop3sPort().orElseThrow(), "implicit", true);
                 Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
            }
        }

        @Test
        void stlsWithTheCaFileLogsInAndListsTheCentralMaildrop() throws Exception {
            try (EdgeNode edge = edgeTowards("127.0.0.1", upstream.edge.pop3Port(), "starttls", true);
                 Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                pop.login("alice", "secret");
                assertThat(pop.ask("STAT")).startsWith("+OK 1 ");
            }
        }
    }

    /** A central server the edge cannot verify gets no password: the client sees [SYS/TEMP], never [AUTH]. */
    @Nested
    class Unverified {

        @Test
        void aCertificateOutsideTheTrustStoreIsRefused() throws Exception {
            try (EdgeNode edge = edgeTowards("127.0.0.1", upstream.edge.pop3sPort().orElseThrow(), "implicit", false);
                 Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                assertThat(pop.ask("USER alice")).startsWith("+OK");
                assertThat(pop.ask("PASS secret")).startsWith("-ERR [SYS/TEMP]");
            }
        }

        @Test
        void aCertificateForAnotherHostNameIsRefused() throws Exception {
            Path dir = Files.createTempDirectory("mailedge-other-name");
            // the test certificate names localhost and 127.0.0.1, not 127.0.0.2
            try (EdgeNode other = EdgeNode.start(ConfigLoader.parse("""
                         node: {data-dir: %s}
                         admin: {enabled: false}
                         notify: {enabled: false}
                         cache: {enabled: false}
                         pop3: {listen: "127.0.0.2:0", tls: {listen: "127.0.0.2:0"}}
                         central: {host: 127.0.0.1, port: %d}
                         """.formatted(dir, upstream.central.getPop3().getPort()) + TestCertificate.get().yaml()),
                         MutableClock.atEpoch());
                 EdgeNode edge = edgeTowards("127.0.0.2", other.pop3sPort().orElseThrow(), "implicit", true);
                 Pop3Wire pop = Pop3Wire.connect(edge.pop3Port())) {
                assertThat(pop.ask("USER alice")).startsWith("+OK");
                assertThat(pop.ask("PASS secret")).startsWith("-ERR [SYS/TEMP]");
            } finally {
                CentralAndEdge.deleteRecursively(dir);
            }
        }
    }

    private EdgeNode edgeTowards(String host, int port, String mode, boolean caFile) throws Exception {
        Path dir = Files.createTempDirectory("mailedge-central-tls");
        dir.toFile().deleteOnExit();
        String ca = caFile ? ", ca-file: " + TestCertificate.get().pair.certificate() : "";
        return EdgeNode.start(ConfigLoader.parse("""
                node: {data-dir: %s}
                admin: {enabled: false}
                notify: {enabled: false}
                cache: {enabled: false}
                pop3: {listen: "127.0.0.1:0"}
                central: {host: "%s", port: %d, read-timeout: 10s, tls: {mode: %s%s}}
                auth: {failure-delay: 0s, failure-delay-max: 0s}
                """.formatted(dir, host, port, mode, ca)), MutableClock.atEpoch());
    }
}
