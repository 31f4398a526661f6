package org.mailedge.node.testing;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;

/**
 * GreenMail as the central POP3/SMTP server and an edge node in front of it, both on
 * loopback ports picked by the system, the edge running on a {@link MutableClock}.
 */
public final class CentralAndEdge implements AutoCloseable {

    public final MutableClock clock = MutableClock.atEpoch();
    public final GreenMail central;
    public final EdgeNode edge;

    private CentralAndEdge(String extraYaml) throws Exception {
        central = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        central.start();
        String yaml = """
                pop3:
                  listen: 127.0.0.1:0
                  io-threads: 2
                central:
                  host: 127.0.0.1
                  port: %d
                  read-timeout: 20s
                notify:
                  listen: 127.0.0.1:0
                auth:
                  failure-delay: 0s
                  failure-delay-max: 0s
                """.formatted(central.getPop3().getPort()) + extraYaml;
        edge = EdgeNode.start(ConfigLoader.parse(yaml), clock);
    }

    /** The edge with default policy settings (time rule, 15 minutes) and no login penalty. */
    public static CentralAndEdge start() throws Exception {
        return new CentralAndEdge("");
    }

    /** As {@link #start()}, with more YAML appended (sections not already given above). */
    public static CentralAndEdge start(String extraYaml) throws Exception {
        return new CentralAndEdge(extraYaml);
    }

    public GreenMailUser user(String login, String password) {
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

    public int centralMessageCount(GreenMailUser user) throws Exception {
        return central.getManagers().getImapHostManager().getInbox(user).getMessageCount();
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

    public Pop3Wire connect() throws Exception {
        return Pop3Wire.connect(edge.pop3Port());
    }

    @Override
    public void close() {
        edge.close();
        central.stop();
    }
}
