package org.mailedge.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The client side of STLS towards the central server (checklist row 19). The happy paths,
 * with a real TLS server and certificate checks, are in cache-node's
 * {@code CentralTlsTest}.
 */
class CentralStlsInjectionTest {

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private CentralEndpoint starttls() throws Exception {
        return server.endpoint().withTls(new CentralTls(CentralTls.Mode.STARTTLS, SSLContext.getDefault()));
    }

    /** CVE-2021-38371 class: a reply injected before the handshake must never be read as if it came under TLS. */
    @Nested
    class RepliesInjectedAfterStls {

        @Test
        void aFakeReplyInTheSameSegmentAsTheStlsOkEndsTheSessionBeforeAnyPassword() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK central ready\r\n");
                peer.expect("STLS");
                peer.send("+OK Begin TLS\r\n+OK fake\r\n");
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(starttls()))
                    .isInstanceOf(CentralProtocolException.class)
                    .hasMessageContaining("after its STLS +OK");
        }

        @Test
        void clearTextInsteadOfAHandshakeFailsTheHandshake() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK central ready\r\n");
                peer.expect("STLS");
                peer.send("+OK Begin TLS\r\n");
                // a later segment: not TLS records, so the handshake fails on it
                peer.nextLine();
                peer.send("+OK fake\r\n");
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(starttls()))
                    .isInstanceOf(CentralUnavailableException.class);
        }
    }

    @Nested
    class StlsRefused {

        @Test
        void aServerThatRefusesStlsGetsNoPassword() throws Exception {
            server = ScriptedServer.start(peer -> {
                peer.send("+OK central ready\r\n");
                peer.expect("STLS");
                peer.send("-ERR not here\r\n");
                peer.drainUntilClosed();
            });

            assertThatThrownBy(() -> CentralSession.open(starttls()))
                    .isExactlyInstanceOf(CentralUnavailableException.class)
                    .hasMessageContaining("refused STLS");
        }
    }
}
