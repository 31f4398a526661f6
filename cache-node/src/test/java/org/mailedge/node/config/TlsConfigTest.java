package org.mailedge.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.TestCertificate;
import org.mailedge.node.tls.PemFiles;
import org.mailedge.sync.CentralTls;

/** The TLS keys: read and checked at load, each error naming its key. */
class TlsConfigTest {

    private Path dir;

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory("mailedge-tls-config");
    }

    @AfterEach
    void removeDir() {
        CentralAndEdge.deleteRecursively(dir);
    }

    @Test
    void withoutTheKeysThereIsNoTlsAnywhere() throws Exception {
        EdgeConfig config = ConfigLoader.parse("");
        assertThat(config.tls().server()).isEmpty();
        assertThat(config.tls().pop3()).isEmpty();
        assertThat(config.central().endpoint().tls()).isEqualTo(CentralTls.NONE);
    }

    @Test
    void aCertificateOffersStlsAndTheListenKeyAddsPop3s() throws Exception {
        EdgeConfig stlsOnly = ConfigLoader.parse(TestCertificate.get().yaml());
        assertThat(stlsOnly.tls().pop3().orElseThrow().implicitListen()).isEmpty();
        assertThat(stlsOnly.tls().pop3().orElseThrow().require()).isFalse();
        EdgeConfig both = ConfigLoader.parse(TestCertificate.get().yaml() + "pop3: {tls: {listen: \"127.0.0.1:995\", require: true}}");
        assertThat(both.tls().pop3().orElseThrow().implicitListen().orElseThrow().getPort()).isEqualTo(995);
        assertThat(both.tls().pop3().orElseThrow().require()).isTrue();
    }

    @Test
    void anUnreadableCertificateIsNamedWithItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("tls: {certificate: /nonexistent/x.pem, private-key: /nonexistent/k.pem}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls.certificate: cannot read /nonexistent/x.pem (no such file)");
    }

    @Test
    void aKeyThatIsNotAKeyIsNamedWithItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("tls: {certificate: %s, private-key: %s}"
                .formatted(TestCertificate.get().pair.certificate(), TestCertificate.get().pair.certificate())))
                .hasMessageStartingWith("tls.private-key: cannot read " + TestCertificate.get().pair.certificate());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path otherKey = writePem(dir.resolve("other.pem"), KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate());
        assertThatThrownBy(() -> ConfigLoader.parse("tls: {certificate: %s, private-key: %s}"
                .formatted(TestCertificate.get().pair.certificate(), otherKey)))
                .hasMessageStartingWith("tls.private-key: ");
    }

    @Test
    void oneOfTheTwoFilesAloneIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("tls: {certificate: /x.pem}"))
                .hasMessage("tls.private-key: is required with tls.certificate");
    }

    @Test
    void pkcs1RsaAndSec1EcKeysAreReadAsWellAsPkcs8() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost");
            var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
                    Date.from(Instant.now().plusSeconds(3600)), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                            .build(keys.getPrivate()));
            Path cert = writePem(dir.resolve(algorithm + "-cert.pem"), new JcaX509CertificateConverter().getCertificate(holder));
            Path key = writePem(dir.resolve(algorithm + "-key.pem"), traditional(keys.getPrivate()));
            assertThat(Files.readString(key)).contains("BEGIN " + algorithm + " PRIVATE KEY");
            assertThat(PemFiles.privateKey(key).getAlgorithm()).isEqualTo(algorithm.equals("EC") ? "EC" : "RSA");
            assertThat(ConfigLoader.parse("tls: {certificate: %s, private-key: %s}".formatted(cert, key)).tls().server()).isPresent();
        }
    }

    @Test
    void pop3sAndRequiredTlsNeedACertificate() {
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {tls: {listen: \"127.0.0.1:995\"}}"))
                .hasMessageStartingWith("pop3.tls.listen: POP3S needs a certificate");
        assertThatThrownBy(() -> ConfigLoader.parse("pop3: {tls: {require: true}}"))
                .hasMessageStartingWith("pop3.tls.require: ");
    }

    @Test
    void centralTlsModesAndTheirCaFile() throws Exception {
        assertThat(ConfigLoader.parse("central: {tls: {mode: implicit}}").central().endpoint().tls().mode())
                .isEqualTo(CentralTls.Mode.IMPLICIT);
        assertThat(ConfigLoader.parse("central: {tls: {mode: starttls, ca-file: %s}}"
                .formatted(TestCertificate.get().pair.certificate())).central().endpoint().tls().mode())
                .isEqualTo(CentralTls.Mode.STARTTLS);
        assertThatThrownBy(() -> ConfigLoader.parse("central: {tls: {mode: implicit, ca-file: /nonexistent/ca.pem}}"))
                .hasMessage("central.tls.ca-file: cannot read /nonexistent/ca.pem (no such file)");
        assertThatThrownBy(() -> ConfigLoader.parse("central: {tls: {mode: sometimes}}"))
                .hasMessageStartingWith("central.tls.mode: must be one of none, implicit, starttls");
        assertThatThrownBy(() -> ConfigLoader.parse("central: {tls: {ca-file: /ca.pem}}"))
                .hasMessageStartingWith("central.tls.ca-file: ");
    }

    /** The key as OpenSSL's traditional forms write it: PKCS#1 RSA PRIVATE KEY, or SEC 1 EC PRIVATE KEY with its curve. */
    private static PemObject traditional(java.security.PrivateKey key) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (key.getAlgorithm().equals("RSA")) {
            return new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        }
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        return new PemObject("EC PRIVATE KEY", new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
    }

    private static Path writePem(Path file, Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(file, text.toString());
        return file;
    }
}
