package org.mailedge.sync.credentials;

import java.util.Objects;
import java.util.Optional;

/**
 * A Dovecot-style master user: the edge logs in as {@code user + separator + masterName}
 * with the master password, and the central server opens {@code user}'s maildrop
 * (Dovecot's {@code auth_master_user_separator}, e.g. {@code alice*edge}).
 *
 * <p>A user name that itself contains the separator is refused ({@link #forUser} returns
 * empty): the server splits the login at the separator, so such a name would authenticate
 * as a different user or a different master, and a master login must never open a maildrop
 * other than the one the edge means.
 */
public final class MasterUserCredentials implements CentralCredentials {

    /** Dovecot's documented example separator. */
    public static final String DEFAULT_SEPARATOR = "*";

    private final String masterName;
    private final String masterPassword;
    private final String separator;

    /**
     * @param masterName     the master user's name, non-empty, without the separator
     * @param masterPassword the master user's password, non-empty
     * @param separator      non-empty, printable ASCII without space (0x21..0x7E)
     */
    public MasterUserCredentials(String masterName, String masterPassword, String separator) {
        Objects.requireNonNull(masterName, "masterName");
        Objects.requireNonNull(masterPassword, "masterPassword");
        Objects.requireNonNull(separator, "separator");
        if (separator.isEmpty() || !separator.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw new IllegalArgumentException(
                    "separator must be one or more printable ASCII chars without space (0x21..0x7E), was \"" + separator + "\"");
        }
        if (masterName.isEmpty() || !masterName.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw new IllegalArgumentException("masterName must be non-empty printable ASCII without space");
        }
        if (masterName.contains(separator)) {
            throw new IllegalArgumentException(
                    "masterName must not contain the separator \"" + separator + "\"");
        }
        if (masterPassword.isEmpty()) {
            throw new IllegalArgumentException("masterPassword must not be empty");
        }
        // What CentralSession.login can send: ISO-8859-1, no CR/LF/NUL. Checked here so that a
        // bad password fails at start-up, not in the middle of the nightly run.
        for (int i = 0; i < masterPassword.length(); i++) {
            char c = masterPassword.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0' || c > 0xFF) {
                throw new IllegalArgumentException("masterPassword contains a char that cannot be sent "
                        + "(CR, LF, NUL or above U+00FF) at index " + i);
            }
        }
        this.masterName = masterName;
        this.masterPassword = masterPassword;
        this.separator = separator;
    }

    public MasterUserCredentials(String masterName, String masterPassword) {
        this(masterName, masterPassword, DEFAULT_SEPARATOR);
    }

    /** The USER argument for {@code user}, e.g. {@code alice*edge}; empty when it cannot be expressed. */
    public Optional<String> loginName(String user) {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.contains(separator)) {
            return Optional.empty();
        }
        return Optional.of(user + separator + masterName);
    }

    @Override
    public Optional<CentralLogin> forUser(String user) {
        return loginName(user).map(name -> new CentralLogin(name, masterPassword));
    }

    @Override
    public String describe() {
        return "master user " + masterName + " (separator \"" + separator + "\")";
    }

    @Override
    public String toString() {
        return "MasterUserCredentials[" + describe() + "]";
    }
}
