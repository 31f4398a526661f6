package org.mailedge.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of USER + PASS at the central server.
 *
 * <p>A refused login is an answer, not a failure: the session is still open and the caller
 * must relay the server's verdict to the subscriber, so it is a value rather than an
 * exception. Failures to get an answer at all are {@link CentralUnavailableException}.
 */
public sealed interface LoginResult permits LoginResult.Accepted, LoginResult.Refused {

    /** The central server accepted the credentials; the session is in TRANSACTION state. */
    record Accepted() implements LoginResult {
    }

    /**
     * The central server refused USER or PASS. Which of the two is deliberately not
     * exposed: a subscriber must not be able to tell an unknown user from a wrong password
     * (RFC 1939 §13).
     *
     * @param replyLine the server's status line exactly as received, without CRLF, each char
     *                  one octet (ISO-8859-1), so that {@code [IN-USE]} or
     *                  {@code [LOGIN-DELAY]} can be passed on unchanged
     */
    record Refused(String replyLine) implements LoginResult {

        private static final String ERR = "-ERR ";

        public Refused {
            Objects.requireNonNull(replyLine, "replyLine");
        }

        /**
         * The RFC 2449 §8 response code, e.g. {@code IN-USE}, {@code SYS/TEMP},
         * {@code LOGIN-DELAY} or {@code AUTH}, as sent (codes are compared
         * case-insensitively by the caller). Empty when the line carries no well-formed
         * code, because a malformed one must not steer the caller's retry policy.
         */
        public Optional<String> responseCode() {
            if (!replyLine.startsWith(ERR) || replyLine.length() <= ERR.length()
                    || replyLine.charAt(ERR.length()) != '[') {
                return Optional.empty();
            }
            int close = replyLine.indexOf(']', ERR.length() + 1);
            if (close < 0) {
                return Optional.empty();
            }
            String code = replyLine.substring(ERR.length() + 1, close);
            return isWellFormedCode(code) ? Optional.of(code) : Optional.empty();
        }

        /** resp-level *("/" resp-level), each level one or more printable ASCII chars. */
        private static boolean isWellFormedCode(String code) {
            if (code.isEmpty() || code.startsWith("/") || code.endsWith("/") || code.contains("//")) {
                return false;
            }
            return code.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
        }
    }
}
