package org.mailedge.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.mailedge.node.tls.ClientTls;
import org.mailedge.node.tls.SelfSignedPair;
import org.mailedge.node.tls.TlsMaterialException;

/**
 * One throw-away certificate for the whole test run, and clients that trust exactly it and
 * check the host name (127.0.0.1 is in the certificate), as a careful mail client would.
 */
public final class TestCertificate {

    private static final TestCertificate INSTANCE = create();

    public final SelfSignedPair pair;
    private final SSLContext clientContext;

    private TestCertificate(SelfSignedPair pair, SSLContext clientContext) {
        this.pair = pair;
        this.clientContext = clientContext;
    }

    public static TestCertificate get() {
        return INSTANCE;
    }

    private static TestCertificate create() {
        try {
            Path dir = Files.createTempDirectory("mailedge-test-tls");
            dir.toFile().deleteOnExit();
            SelfSignedPair pair = SelfSignedPair.generate(dir, "localhost");
            pair.certificate().toFile().deleteOnExit();
            pair.privateKey().toFile().deleteOnExit();
            return new TestCertificate(pair, ClientTls.trusting(pair.certificate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TlsMaterialException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The YAML that gives a node this certificate. */
    public String yaml() {
        return """
                tls:
                  certificate: %s
                  private-key: %s
                """.formatted(pair.certificate(), pair.privateKey());
    }

    /** TLS as a client over a connected socket, verifying the certificate and the host name 127.0.0.1; handshake done. */
    public SSLSocket clientOver(Socket socket) throws IOException {
        SSLSocket tls = (SSLSocket) clientContext.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }
}
