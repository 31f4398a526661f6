package org.mailedge.node.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Client contexts for TLS towards the central server: trust from a PEM CA file, or the JDK's. */
public final class ClientTls {

    private ClientTls() {
    }

    /** Trusts exactly the certificates in {@code caFile} (a CA, or a server's self-signed certificate). */
    public static SSLContext trusting(Path caFile) throws TlsMaterialException {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate certificate : PemFiles.certificates(caFile, TlsMaterialException.Part.CERTIFICATE)) {
                anchors.setCertificateEntry("anchor-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException(TlsMaterialException.Part.CERTIFICATE, caFile, e.getMessage());
        }
    }

    /** The JDK's default trust store ({@code cacerts}). */
    public static SSLContext jdkTrust() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }
}
