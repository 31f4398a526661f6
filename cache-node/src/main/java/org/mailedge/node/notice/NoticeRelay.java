package org.mailedge.node.notice;

import jakarta.mail.internet.MimeMessage;

/** Hands a notice to the SMTP relay. Blocking: called on the notice thread only. */
interface NoticeRelay {

    Outcome send(MimeMessage message);

    /** What became of one notice. */
    sealed interface Outcome {
        /** The relay accepted it. */
        record Sent() implements Outcome {}

        /** Not taken now (relay unreachable, time-out, 4xx): retried at the next sweep. */
        record TryLater(String reason) implements Outcome {}

        /** The relay refused the recipient (5xx): not retried within the period. */
        record Refused(String reason) implements Outcome {}
    }
}
