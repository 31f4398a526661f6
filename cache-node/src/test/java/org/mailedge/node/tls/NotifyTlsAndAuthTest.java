package org.mailedge.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigException;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.TestCertificate;

/**
 * STARTTLS and SMTP AUTH on the notification listener ({@code notify.tls.mode},
 * {@code notify.auth.users-file}), with Jakarta Mail as the central mail system's MTA.
 */
class NotifyTlsAndAuthTest {

    private Path dir;
    private Path users;

    @BeforeEach
    void files() throws Exception {
        dir = Files.createTempDirectory("mailedge-notify-tls");
        users = dir.resolve("notify-users");
        Files.createFile(users, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(users, "# the central mail system\ncentral s3cret-notify\n");
    }

    @AfterEach
    void removeFiles() {
        CentralAndEdge.deleteRecursively(dir);
    }

    @Nested
    class TlsRequiredAndAuth {

        private EdgeNode edge;

        @BeforeEach
        void start() throws Exception {
            edge = listener("required", true);
        }

        @AfterEach
        void stop() {
            edge.close();
        }

        @Test
        void aNotificationOverStartTlsWithAuthIsAccepted() throws Exception {
            send(edge, true, "central", "s3cret-notify");
            assertThat(edge.notifyStats().orElseThrow().notificationsAccepted()).isEqualTo(1);
        }

        @Test
        void withoutStartTlsTheTransactionIsRefused() {
            assertThatThrownBy(() -> send(edge, false, null, null)).isInstanceOf(MessagingException.class);
            assertThat(edge.notifyStats().orElseThrow().notificationsAccepted()).isZero();
        }

        @Test
        void aWrongPasswordIsRefused() {
            assertThatThrownBy(() -> send(edge, true, "central", "guess")).isInstanceOf(AuthenticationFailedException.class);
            assertThat(edge.notifyStats().orElseThrow().notificationsAccepted()).isZero();
        }

        @Test
        void withoutAuthTheTransactionIsRefused() {
            assertThatThrownBy(() -> send(edge, true, null, null)).isInstanceOf(MessagingException.class);
            assertThat(edge.notifyStats().orElseThrow().notificationsAccepted()).isZero();
        }
    }

    @Test
    void optionalTlsStillTakesClearTextNotifications() throws Exception {
        try (EdgeNode edge = listener("optional", false)) {
            send(edge, false, null, null);
            send(edge, true, null, null);
            assertThat(edge.notifyStats().orElseThrow().notificationsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void aUsersFileReadableByOthersIsAConfigurationErrorNamingTheKey() throws Exception {
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> listener("none", true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("notify.auth.users-file: ")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void startTlsWithoutACertificateIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("notify: {tls: {mode: required}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("notify.tls.mode: ");
    }

    private EdgeNode listener(String tlsMode, boolean auth) throws Exception {
        String authYaml = auth ? "auth: {users-file: " + users + "}" : "";
        return EdgeNode.start(ConfigLoader.parse("""
                node: {data-dir: %s}
                admin: {enabled: false}
                cache: {enabled: false}
                pop3: {listen: "127.0.0.1:0"}
                notify:
                  listen: "127.0.0.1:0"
                  tls: {mode: %s}
                  %s
                """.formatted(dir.resolve("data"), tlsMode, authYaml) + TestCertificate.get().yaml()), MutableClock.atEpoch());
    }

    /** One notification with Jakarta Mail: STARTTLS verifying the test certificate and host name, AUTH when a user is given. */
    private static void send(EdgeNode edge, boolean startTls, String user, String password) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(edge.notifyPort().orElseThrow()));
        props.put("mail.smtp.starttls.enable", String.valueOf(startTls));
        props.put("mail.smtp.starttls.required", String.valueOf(startTls));
        props.put("mail.smtp.ssl.socketFactory", ClientTls.trusting(TestCertificate.get().pair.certificate()).getSocketFactory());
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.auth", String.valueOf(user != null));
        props.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("central@central.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@edge.test"));
        message.setSubject("new mail for alice");
        message.setText("New mail is waiting.\r\n");
        if (user == null) {
            Transport.send(message);
        } else {
            Transport.send(message, user, password);
        }
    }
}
