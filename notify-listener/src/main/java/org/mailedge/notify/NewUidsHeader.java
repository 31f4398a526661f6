package org.mailedge.notify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the POP3 unique-ids of the new messages from the {@code X-MailEdge-New-UIDs} header
 * fields of a notification: whitespace-separated, any number of fields, folded or not.
 *
 * <p>A token that cannot be a UIDL unique-id is dropped rather than failing the notification:
 * the user still has new mail, and the edge confirms with a UIDL against the central server
 * anyway.
 */
final class NewUidsHeader {

    static final String FIELD_NAME = "X-MailEdge-New-UIDs";

    /** RFC 1939 section 7 (UIDL): a unique-id is 1 to 70 characters from 0x21 to 0x7E. */
    static final int MAX_UID_LENGTH = 70;

    private static final String FIELD_NAME_LOWER = FIELD_NAME.toLowerCase(Locale.ROOT);

    private NewUidsHeader() {
    }

    /**
     * @param header the header section, lines ending in CRLF; parsing stops at the first empty line
     * @return the valid unique-ids in the order sent, without duplicates
     */
    static List<String> parse(String header) {
        Set<String> uids = new LinkedHashSet<>();
        for (String field : unfoldedFields(header)) {
            int colon = field.indexOf(':');
            // RFC 5322 section 4.5 (obsolete syntax) allows white space before the colon.
            if (colon > 0 && field.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(FIELD_NAME_LOWER)) {
                for (String token : field.substring(colon + 1).split("[ \t]+")) {
                    if (isUid(token)) {
                        uids.add(token);
                    }
                }
            }
        }
        return List.copyOf(uids);
    }

    /** RFC 5322 section 2.2.3: a line starting with white space continues the field before it. */
    private static List<String> unfoldedFields(String header) {
        List<String> fields = new ArrayList<>();
        for (String line : header.split("\r\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
            } else {
                fields.add(line);
            }
        }
        return fields;
    }

    private static boolean isUid(String token) {
        return !token.isEmpty() && token.length() <= MAX_UID_LENGTH
                && token.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    }
}
