package org.mailedge.sync.testsupport;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.CentralSession;
import org.mailedge.sync.LoginResult;
import org.mailedge.sync.RemoteMessage;

/**
 * GreenMail as the central POP3 server, on 127.0.0.1 and a free port, plus the direct
 * client-side views the tests compare the edge with.
 */
public final class GreenMailCentral implements AutoCloseable {

    private final GreenMail greenMail;
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, GreenMailUser> users = new HashMap<>();
    private int sequence;

    public GreenMailCentral() {
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        greenMail.start();
    }

    public void addUser(String user, String password) {
        users.put(user, greenMail.setUser(user + "@example.org", user, password));
        passwords.put(user, password);
    }

    public int port() {
        return greenMail.getPop3().getPort();
    }

    /** Short timeouts so that a broken test fails fast. */
    public CentralEndpoint endpoint() {
        return new CentralEndpoint("127.0.0.1", port(), Duration.ofSeconds(5), Duration.ofSeconds(5),
                CentralEndpoint.DEFAULT_MAX_LINE_LENGTH, CentralEndpoint.DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** Delivers a message into the user's maildrop; the body has 8-bit text and dot lines. */
    public void deliver(String user, String subject, String body) throws Exception {
        String text = "From: sender@example.org\r\nTo: " + user + "@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + (++sequence) + "." + subject + "@test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body;
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        users.get(user).deliver(message);
    }

    /** A message of roughly {@code size} octets of body. */
    public void deliverSized(String user, String subject, int size) throws Exception {
        StringBuilder body = new StringBuilder();
        while (body.length() < size) {
            body.append("line of filler text for ").append(subject).append("\r\n");
        }
        deliver(user, subject, body.toString());
    }

    /** UIDL + LIST, read in a session of its own. */
    public List<RemoteMessage> listing(String user) throws Exception {
        try (CentralSession session = login(user)) {
            return session.listing();
        }
    }

    /** Every message by UID, RETR'd in a session of its own that ends without QUIT. */
    public Map<String, byte[]> retrieveAll(String user) throws Exception {
        Map<String, byte[]> messages = new LinkedHashMap<>();
        try (CentralSession session = login(user)) {
            for (RemoteMessage message : session.listing()) {
                messages.put(message.uid(), session.retrieve(message.number()).orElseThrow());
            }
        }
        return messages;
    }

    public int count(String user) throws Exception {
        try (CentralSession session = login(user)) {
            return session.stat().count();
        }
    }

    /**
     * Messages in GreenMail's store, read without POP3: GreenMail keeps the \Deleted flag of a
     * session that ended without QUIT, so a new POP3 session would not list those, while
     * RFC 1939 §6 says they were never deleted.
     */
    public int storedCount(String user) throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(users.get(user)).getMessageCount();
    }

    /** Another client deletes the message: DELE and QUIT. */
    public void deleteElsewhere(String user, String uid) throws Exception {
        try (CentralSession session = login(user)) {
            RemoteMessage message = session.listing().stream().filter(m -> m.uid().equals(uid)).findFirst()
                    .orElseThrow();
            if (!session.delete(message.number()) || !session.quit().startsWith("+OK")) {
                throw new AssertionError("could not delete " + uid + " at the central server");
            }
        }
    }

    private CentralSession login(String user) throws Exception {
        CentralSession session = CentralSession.open(endpoint());
        if (!(session.login(user, passwords.get(user)) instanceof LoginResult.Accepted)) {
            session.close();
            throw new AssertionError("GreenMail refused " + user);
        }
        return session;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
