package org.mailedge.node.notice;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;

/** The relay over SMTP with Jakarta Mail: one connection per notice, with time-outs on connect, read and write. */
final class SmtpRelay implements NoticeRelay {

    private final Session session;

    SmtpRelay(NoticeSettings.Relay relay, Duration timeout, String heloName) {
        Properties props = new Properties();
        props.put("mail.smtp.host", relay.host());
        props.put("mail.smtp.port", String.valueOf(relay.port()));
        String millis = String.valueOf(timeout.toMillis());
        props.put("mail.smtp.connectiontimeout", millis);
        props.put("mail.smtp.timeout", millis);
        props.put("mail.smtp.writetimeout", millis);
        // the EHLO name; without it Jakarta Mail asks the resolver for the local host's name
        props.put("mail.smtp.localhost", heloName);
        this.session = Session.getInstance(props);
    }

    Session session() {
        return session;
    }

    @Override
    public Outcome send(MimeMessage message) {
        try {
            Transport.send(message);
            return new Outcome.Sent();
        } catch (SendFailedException e) {
            if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
                return new Outcome.Refused(describe(e));
            }
            return new Outcome.TryLater(describe(e));
        } catch (MessagingException | RuntimeException e) {
            return new Outcome.TryLater(describe(e));
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return cause == e ? message : message + " (" + cause + ")";
    }
}
