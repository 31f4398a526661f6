package org.mailedge.node.testing;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;

/**
 * GreenMail as the central POP3/SMTP server and an edge node in front of it, both on
 * loopback ports picked by the system, the edge running on a {@link MutableClock} with its
 * store in a temporary directory. Between them sits a {@link TappedProxy}, so a test can
 * take the central server away; {@link #restartEdge()} starts a new node on the same store.
 * A second relay, {@link #smtpLink}, fronts GreenMail's SMTP port: {@code ${relay}} in the
 * extra YAML becomes its address, for the edge's attenuation notices.
 */
public final class CentralAndEdge implements AutoCloseable {

    public final MutableClock clock = MutableClock.atEpoch();
    public final GreenMail central;
    public final TappedProxy link;
    /** In front of GreenMail's SMTP port: the relay for attenuation notices, which a test can take down. */
    public final TappedProxy smtpLink;
    public EdgeNode edge;
    private final Path dataDir;
    private final Path credentials;
    private final String yaml;
    private final java.util.List<Path> otherDirs = new java.util.ArrayList<>();
    /** How {@link #connect()} reaches the edge; any but PLAIN gives the edge the test certificate and a POP3S listener. */
    public final Pop3Transport transport;

    private CentralAndEdge(String extraYaml, boolean prefetch) throws Exception {
        this(Pop3Transport.PLAIN, extraYaml, prefetch);
    }

    private CentralAndEdge(Pop3Transport transport, String extraYaml, boolean prefetch) throws Exception {
        this.transport = transport;
        dataDir = Files.createTempDirectory("mailedge-test");
        credentials = dataDir.resolveSibling(dataDir.getFileName() + ".credentials");
        Files.writeString(credentials, "");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        central = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        central.start();
        link = new TappedProxy(central.getPop3().getPort());
        smtpLink = new TappedProxy(central.getSmtp().getPort());
        yaml = """
                node:
                  data-dir: %s
                admin:
                  listen: 127.0.0.1:0
                pop3:
                  listen: 127.0.0.1:0
                  io-threads: 2
                %s
                central:
                  host: 127.0.0.1
                  port: %d
                  connect-timeout: 2s
                  read-timeout: 20s
                notify:
                  listen: 127.0.0.1:0
                auth:
                  failure-delay: 0s
                  failure-delay-max: 0s
                """.formatted(dataDir, transport == Pop3Transport.PLAIN ? "" : "  tls: {listen: \"127.0.0.1:0\"}", link.port())
                + (transport == Pop3Transport.PLAIN ? "" : TestCertificate.get().yaml())
                + (prefetch ? prefetchYaml() : "")
                + extraYaml.replace("${relay}", "127.0.0.1:" + smtpLink.port());
        edge = EdgeNode.start(ConfigLoader.parse(yaml), clock);
    }

    /** The edge with default policy settings (time rule, 15 minutes), the cache on, no prefetch, no login penalty. */
    public static CentralAndEdge start() throws Exception {
        return new CentralAndEdge("", false);
    }

    /** As {@link #start()}, with {@link #connect()} over {@code transport}. */
    public static CentralAndEdge start(Pop3Transport transport) throws Exception {
        return new CentralAndEdge(transport, "", false);
    }

    /** As {@link #start()}, with more YAML appended (sections not already given above). */
    public static CentralAndEdge start(String extraYaml) throws Exception {
        return new CentralAndEdge(extraYaml, false);
    }

    /**
     * With prefetch and the background retry of queued deletes on, logging in to the central
     * server with the per-user credentials of the users this fixture creates.
     */
    public static CentralAndEdge startWithPrefetch(String extraYaml) throws Exception {
        return new CentralAndEdge(extraYaml, true);
    }

    /** A second edge node with its own store in front of the same central server (a user who travels). */
    public EdgeNode anotherEdge() throws Exception {
        Path dir = Files.createTempDirectory("mailedge-other");
        otherDirs.add(dir);
        return EdgeNode.start(ConfigLoader.parse("""
                node: {data-dir: %s, name: edge-b}
                admin: {enabled: false}
                notify: {enabled: false}
                pop3: {listen: "127.0.0.1:0"}
                central: {host: 127.0.0.1, port: %d}
                """.formatted(dir, central.getPop3().getPort())), clock);
    }

    private String prefetchYaml() {
        return """
                prefetch:
                  login: credentials-file
                  credentials-file: %s
                  delete-retry-interval: 200ms
                """.formatted(credentials);
    }

    /** Closes the edge and starts a new one on the same store and configuration: soft state is gone. */
    public void restartEdge() throws Exception {
        edge.close();
        edge = EdgeNode.start(ConfigLoader.parse(yaml), clock);
    }

    public GreenMailUser user(String login, String password) {
        try {
            Files.writeString(credentials, login + " " + password + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return central.setUser(login + "@central.test", login, password);
    }

    /** Delivers a message into the user's central maildrop, as the central MTA would. */
    public void deliver(GreenMailUser user, String subject, String body) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("sender@example.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(user.getEmail()));
        message.setSubject(subject);
        message.setText(body);
        user.deliver(message);
    }

    /** Delivers exactly these bytes (CRLF line ends) through the central server's SMTP port. */
    public void deliverRaw(GreenMailUser user, byte[] message) throws IOException {
        RawSmtp.deliver(central.getSmtp().getPort(), user.getEmail(), message);
    }

    public int centralMessageCount(GreenMailUser user) throws Exception {
        return central.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    /** A session straight to the central server, bypassing the edge: another client, or the truth. */
    public Pop3Wire connectCentral() throws IOException {
        return Pop3Wire.connect(central.getPop3().getPort());
    }

    /** Sends a new-mail notification for {@code login} to the edge's listener over SMTP. */
    public void notifyNewMail(String login) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(edge.notifyPort().orElseThrow()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("central@central.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(login + "@edge.test"));
        message.setSubject("new mail for " + login);
        message.setText("New mail is waiting.\r\n");
        Transport.send(message);
    }

    /** A client session with the edge over this fixture's {@link #transport}. */
    public Pop3Wire connect() throws Exception {
        return transport == Pop3Transport.POP3S
                ? Pop3Wire.connect(edge.pop3sPort().orElseThrow(), transport)
                : Pop3Wire.connect(edge.pop3Port(), transport);
    }

    @Override
    public void close() {
        edge.close();
        try {
            link.close();
            smtpLink.close();
        } catch (IOException e) {
            // closing anyway
        }
        central.stop();
        deleteRecursively(dataDir);
        otherDirs.forEach(CentralAndEdge::deleteRecursively);
        try {
            Files.deleteIfExists(credentials);
        } catch (IOException e) {
            // a temp file
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
