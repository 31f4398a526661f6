package org.mailedge.notify;

import java.util.Objects;
import java.util.Optional;
import org.subethamail.smtp.auth.UsernamePasswordValidator;
import org.subethamail.smtp.server.SSLSocketCreator;

/**
 * STARTTLS (RFC 3207) and SMTP AUTH PLAIN/LOGIN (RFC 4954) for the notification listener,
 * each optional. With {@code requireTls} every command but EHLO/HELO, STARTTLS, NOOP, RSET
 * and QUIT gets {@code 530} before TLS; with {@code users}, MAIL needs a successful AUTH.
 * AUTH is advertised before TLS only when TLS is not required.
 *
 * @param startTls   layers server-side TLS over an accepted socket; empty: no STARTTLS
 * @param requireTls refuse transactions before STARTTLS
 * @param users      checks AUTH credentials; empty: no AUTH, the allowed networks decide alone
 */
public record NotifySecurity(Optional<SSLSocketCreator> startTls, boolean requireTls,
                             Optional<UsernamePasswordValidator> users) {

    public static final NotifySecurity NONE = new NotifySecurity(Optional.empty(), false, Optional.empty());

    public NotifySecurity {
        Objects.requireNonNull(startTls, "startTls");
        Objects.requireNonNull(users, "users");
        if (requireTls && startTls.isEmpty()) {
            throw new IllegalArgumentException("requiring TLS needs STARTTLS");
        }
    }
}
