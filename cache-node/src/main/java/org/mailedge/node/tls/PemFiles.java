package org.mailedge.node.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM files as operators have them: certificate chains, and private keys as PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC 1
 * ({@code BEGIN EC PRIVATE KEY}). Encrypted keys are refused: the node starts unattended.
 * BouncyCastle parses; the JDK's providers hold the keys.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** The certificates in a PEM file, in file order (leaf first for a chain). */
    public static List<X509Certificate> certificates(Path file, TlsMaterialException.Part part) throws TlsMaterialException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader reader = open(file, part); PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    out.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new TlsMaterialException(part, file, "not a PEM certificate file: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new TlsMaterialException(part, file, "no PEM certificate in it");
        }
        return out;
    }

    /** The one private key in a PEM file. */
    public static PrivateKey privateKey(Path file) throws TlsMaterialException {
        TlsMaterialException.Part part = TlsMaterialException.Part.PRIVATE_KEY;
        try (Reader reader = open(file, part); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object.getClass().getSimpleName().startsWith("PKCS8Encrypted") || object.getClass().getSimpleName().startsWith("PEMEncrypted")) {
                    throw new TlsMaterialException(part, file, "the key is encrypted; give an unencrypted key readable only by the node");
                }
            }
        } catch (IOException e) {
            throw new TlsMaterialException(part, file, "not a PEM private key file: " + e.getMessage());
        }
        throw new TlsMaterialException(part, file, "no PEM private key in it");
    }

    private static Reader open(Path file, TlsMaterialException.Part part) throws TlsMaterialException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsMaterialException(part, file, Files.exists(file) ? "not readable: " + e.getMessage() : "no such file");
        }
    }
}
