package org.mailedge.node.demo;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Sends one plain SMTP transaction per message with jakarta.mail, as the central mail system
 * would: deliveries to the central server (GreenMail) and new-mail notifications to the edge.
 *
 * <p>The HELO name and the Message-ID are set here, because jakarta.mail would otherwise
 * derive them from the local host name, and a slow reverse lookup would stall the mail
 * generator and distort the demo's delivery times. Its sockets are {@link NoDelaySockets}
 * for the same reason.
 */
final class SmtpSender {

    private final Session session;
    private final String domain;

    /**
     * @param domain  the HELO name and the right-hand side of generated Message-IDs
     * @param timeout connect and read time-out of each transaction, in real time
     */
    SmtpSender(String host, int port, String domain, Duration timeout) {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.localhost", domain);
        props.put("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
        props.put("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
        props.put("mail.smtp.socketFactory", new NoDelaySockets());
        props.put("mail.smtp.socketFactory.fallback", "false");
        this.session = Session.getInstance(props);
        this.domain = domain;
    }

    /**
     * Sends and returns when the server has answered the end of DATA.
     *
     * @param messageId the local part of the Message-ID
     * @param headers   extra header fields, in order
     */
    void send(String messageId, String from, String to, String subject, Map<String, String> headers, String body)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + "@" + domain + ">");
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            message.setHeader(h.getKey(), h.getValue());
        }
        message.setText(body);
        Transport.send(message);
    }
}
