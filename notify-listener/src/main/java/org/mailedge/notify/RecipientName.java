package org.mailedge.notify;

import org.subethamail.smtp.RejectException;

/**
 * Turns a RCPT address into the user it names. The listener never relays: the domain is ignored
 * and the local part is only a name handed to the sink.
 */
final class RecipientName {

    private RecipientName() {
    }

    /**
     * The local part of {@code address} (everything before its last {@code @}), case kept.
     *
     * @throws RejectException 501 without a user@domain shape or with an empty user, 553 when
     *                         the user holds a character a POP3 user name cannot (RFC 1939
     *                         section 3: arguments are printable ASCII, split by single spaces,
     *                         so 0x21 to 0x7E)
     */
    static String userOf(String address) throws RejectException {
        int at = address.lastIndexOf('@');
        if (at == 0) {
            throw Reply.RECIPIENT_EMPTY_USER.reject();
        }
        if (at < 0 || at == address.length() - 1) {
            throw Reply.RECIPIENT_NOT_USER_AT_DOMAIN.reject();
        }
        String user = address.substring(0, at);
        if (!user.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw Reply.RECIPIENT_BAD_USER.reject();
        }
        return user;
    }
}
