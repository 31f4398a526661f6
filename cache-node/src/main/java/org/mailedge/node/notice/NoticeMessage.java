package org.mailedge.node.notice;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The notice itself: a short plain-text mail that says the client checks too often, that
 * the checks are throttled, what interval is wanted, and where the help page is.
 */
final class NoticeMessage {

    static final String SUBJECT = "Your mail program checks for new mail too often";

    /**
     * RFC 3834 §5: marks the mail as sent by a program, not a person, so that vacation
     * responders and other automatic replies do not answer it.
     */
    static final String AUTO_SUBMITTED = "auto-generated";

    private NoticeMessage() {
    }

    static MimeMessage build(Session session, InternetAddress from, InternetAddress to, String hostName,
                             Duration desiredInterval, Duration period, URI helpLink, Instant now) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, "<" + UUID.randomUUID() + "." + now.toEpochMilli() + "@" + hostName + ">");
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(SUBJECT, "UTF-8");
        message.setSentDate(Date.from(now));
        message.setHeader("Auto-Submitted", AUTO_SUBMITTED);
        message.setText(text(hostName, desiredInterval, period, helpLink), "UTF-8");
        message.saveChanges();
        return message;
    }

    static String text(String hostName, Duration desiredInterval, Duration period, URI helpLink) {
        String interval = Intervals.words(desiredInterval);
        return """
                Hello,

                Your mail program checks for new mail at %1$s more often than
                every %2$s.

                Those extra checks are being throttled: for %2$s after a full check,
                the mail server answers further checks from what it saw then, unless
                it knows of new mail. Checking that often mostly adds load to the mail
                service, and costs your device battery and data.

                Please set your mail program to check every %2$s or less often.
                How to do that in common mail programs:

                  %3$s

                You get this message at most %4$s while your mail program
                checks too often. It stops once the checks are %2$s or more apart.

                This message was sent automatically; replies are not read.
                """.formatted(hostName, interval, helpLink, Intervals.once(period)).replace("\n", "\r\n");
    }

    /** Keeps the Message-ID the notice was built with instead of one from the local host name. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
