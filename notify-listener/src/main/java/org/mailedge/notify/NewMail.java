package org.mailedge.notify;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One user named in an accepted notification.
 *
 * <p>A notification is only a hint that the central server holds new mail for {@code user}: the
 * edge must still confirm it with a UIDL against the central server before it caches or serves
 * anything (see the SMTP smuggling notes, checklist section 2.5).
 *
 * @param user       the local part of the RCPT address, case kept as sent
 * @param newUids    POP3 unique-ids from the {@code X-MailEdge-New-UIDs} header, in the order sent,
 *                   without duplicates; empty when the header was absent. The same list is given
 *                   to every recipient of the notification.
 * @param receivedAt when the end of DATA was received, from the listener's clock
 * @param sender     the IP address of the SMTP client that sent the notification
 */
public record NewMail(String user, List<String> newUids, Instant receivedAt, InetAddress sender) {

    public NewMail {
        Objects.requireNonNull(user, "user must not be null");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        newUids = List.copyOf(Objects.requireNonNull(newUids, "newUids must not be null"));
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
        Objects.requireNonNull(sender, "sender must not be null");
    }
}
