package org.mailedge.node.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.james.protocols.netty.Encryption;

/**
 * The node's server certificate and key, read once from PEM files, and the TLS it offers:
 * implicit TLS for POP3S (RFC 8314) and STLS on the plain port (RFC 2595), and STARTTLS for
 * the notification listener. Keys may be PKCS#8, PKCS#1 (RSA) or SEC 1 (EC) PEM
 * ({@link PemFiles}). Only TLS 1.2 and 1.3 are enabled (RFC 8314 §4.1 asks for 1.2 or
 * later). Netty runs the JDK's TLS engine, so both listeners behave alike.
 */
public final class ServerTls {

    /** RFC 8314 §4.1: TLS 1.2 or later. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Only ever in memory: the key store exists to hand the key to a key manager. */
    private static final char[] KEY_PASSWORD = "in-memory".toCharArray();

    private final SslContext context;
    private final SSLContext jdkContext;
    private final Path certificate;

    private ServerTls(SslContext context, SSLContext jdkContext, Path certificate) {
        this.context = context;
        this.jdkContext = jdkContext;
        this.certificate = certificate;
    }

    /**
     * Reads a certificate chain and its private key.
     *
     * @throws TlsMaterialException naming the file that could not be read or used
     */
    public static ServerTls fromPem(Path certificate, Path privateKey) throws TlsMaterialException {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        List<X509Certificate> chain = PemFiles.certificates(certificate, TlsMaterialException.Part.CERTIFICATE);
        PrivateKey key = PemFiles.privateKey(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", key, KEY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, KEY_PASSWORD);
            SslContext netty = SslContextBuilder.forServer(keyManagers)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.NONE)
                    .build();
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(keyManagers.getKeyManagers(), null, null);
            return new ServerTls(netty, jdk, certificate);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new TlsMaterialException(TlsMaterialException.Part.PRIVATE_KEY, privateKey,
                    "does not fit the certificate: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** TLS from the first byte: the POP3S listener. */
    public Encryption implicit() {
        return new NettyEncryption(context, false);
    }

    /** TLS after STLS on the plain listener. */
    public Encryption startTls() {
        return new NettyEncryption(context, true);
    }

    /** The same certificate for blocking servers (the notification listener's STARTTLS). */
    public SSLContext jdkContext() {
        return jdkContext;
    }

    /** A server-mode socket over an accepted one, limited to TLS 1.2 and later. */
    public javax.net.ssl.SSLSocket layer(java.net.Socket accepted) throws IOException {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) jdkContext.getSocketFactory().createSocket(accepted,
                accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
        socket.setUseClientMode(false);
        socket.setEnabledProtocols(PROTOCOLS);
        return socket;
    }

    public Path certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "ServerTls[" + certificate + "]";
    }

    /** James' encryption interface over a Netty {@link SslContext}: each connection gets its own engine. */
    private record NettyEncryption(SslContext context, boolean isStartTLS) implements Encryption {

        @Override
        public boolean supportsEncryption() {
            return true;
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return null;
        }

        @Override
        public org.apache.james.protocols.api.ClientAuth getClientAuth() {
            return org.apache.james.protocols.api.ClientAuth.NONE;
        }

        @Override
        public SslHandler sslHandler() {
            return context.newHandler(ByteBufAllocator.DEFAULT);
        }
    }
}
