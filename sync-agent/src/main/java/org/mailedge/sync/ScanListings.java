package org.mailedge.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict parsing of STAT, LIST and UIDL answers (RFC 1939 §5, §7).
 *
 * <p>commons-net's own parsers return {@code null} entries for lines they cannot read, cap
 * sizes at {@code int} and accept any token as a UID. The cache is keyed by the central UID,
 * so a UID that breaks RFC 1939's rules, or a listing whose halves disagree, is refused here
 * rather than stored.
 */
final class ScanListings {

    /** RFC 1939 §7 (UIDL): a unique-id is 1 to 70 characters... */
    static final int MAX_UID_LENGTH = 70;
    /** ...in the range 0x21 to 0x7E. */
    private static final char UID_MIN = 0x21;
    private static final char UID_MAX = 0x7E;

    /** Digits of Long.MAX_VALUE; a longer number cannot fit. */
    private static final int MAX_DIGITS = 19;

    private ScanListings() {
    }

    /** {@code +OK count octets [text]}; RFC 1939 §5 puts no requirement on what follows the size. */
    static MailboxStat parseStat(String statusLine) throws CentralProtocolException {
        String[] fields = statusLine.split(" ", 4);
        if (fields.length < 3 || !"+OK".equals(fields[0])) {
            throw malformed("STAT reply", statusLine);
        }
        return new MailboxStat(
                (int) parseNumber(fields[1], Integer.MAX_VALUE, "STAT reply", statusLine),
                parseNumber(fields[2], Long.MAX_VALUE, "STAT reply", statusLine));
    }

    /** One UIDL entry, checked: RFC 1939 §7 rules, numbers ascending, unique-ids unique. */
    record UidlEntry(int number, String uid) {
    }

    /**
     * Parses UIDL before LIST is even sent, so that a broken server costs one round trip.
     *
     * @param lines the lines between the status line and the terminating "."
     */
    static List<UidlEntry> parseUidl(List<String> lines) throws CentralProtocolException {
        List<UidlEntry> entries = new ArrayList<>(lines.size());
        Set<String> uids = new HashSet<>();
        int previous = 0;
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw malformed("UIDL line (no unique-id)", line);
            }
            int number = parseMessageNumber(line.substring(0, space), "UIDL line", line);
            if (number <= previous) {
                throw malformed("UIDL line (message numbers must ascend)", line);
            }
            previous = number;
            String uid = line.substring(space + 1);
            requireValidUid(uid, line);
            if (!uids.add(uid)) {
                throw malformed("UIDL line (unique-id repeated)", line);
            }
            entries.add(new UidlEntry(number, uid));
        }
        return entries;
    }

    /**
     * Joins UIDL and LIST by message number. Both list the same undeleted messages in
     * ascending order, so they must agree entry for entry. One difference is tolerated: a
     * server that does not fix the maildrop at login (RFC 1939 §8 asks it to; GreenMail does
     * not) may list, in the LIST sent after UIDL, messages that arrived in between. They come
     * after the UIDL's last message and are left out: the next session will see them. Any
     * other difference means the listing cannot be trusted.
     *
     * @param listLines the LIST lines between the status line and the terminating "."
     */
    static List<RemoteMessage> join(List<UidlEntry> uidl, List<String> listLines) throws CentralProtocolException {
        if (listLines.size() < uidl.size()) {
            throw new CentralProtocolException("UIDL lists " + uidl.size()
                    + " messages but LIST lists " + listLines.size());
        }
        int lastUidlNumber = uidl.isEmpty() ? 0 : uidl.get(uidl.size() - 1).number();
        for (String arrived : listLines.subList(uidl.size(), listLines.size())) {
            if (parseMessageNumber(arrived.split(" ", 2)[0], "LIST line", arrived) <= lastUidlNumber) {
                throw new CentralProtocolException("UIDL lists " + uidl.size()
                        + " messages but LIST lists " + listLines.size());
            }
        }
        List<RemoteMessage> messages = new ArrayList<>(uidl.size());
        for (int i = 0; i < uidl.size(); i++) {
            UidlEntry entry = uidl.get(i);
            messages.add(new RemoteMessage(entry.number(), entry.uid(), parseListSize(listLines.get(i), entry.number())));
        }
        return messages;
    }

    /** {@code number size [text]}; RFC 1939 §5 puts no requirement on what follows the size. */
    private static long parseListSize(String listLine, int expectedNumber) throws CentralProtocolException {
        String[] fields = listLine.split(" ", 3);
        if (fields.length < 2) {
            throw malformed("LIST line (no size)", listLine);
        }
        int number = parseMessageNumber(fields[0], "LIST line", listLine);
        if (number != expectedNumber) {
            throw malformed("LIST line (UIDL has message " + expectedNumber + " here)", listLine);
        }
        return parseNumber(fields[1], Long.MAX_VALUE, "LIST line", listLine);
    }

    private static void requireValidUid(String uid, String line) throws CentralProtocolException {
        if (uid.isEmpty() || uid.length() > MAX_UID_LENGTH) {
            throw malformed("UIDL line (unique-id must be 1.." + MAX_UID_LENGTH + " chars)", line);
        }
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            if (c < UID_MIN || c > UID_MAX) {
                throw malformed("UIDL line (unique-id chars must be 0x21..0x7E)", line);
            }
        }
    }

    private static int parseMessageNumber(String digits, String what, String line) throws CentralProtocolException {
        long number = parseNumber(digits, Integer.MAX_VALUE, what, line);
        if (number < 1) {
            throw malformed(what + " (message numbers start at 1)", line);
        }
        return (int) number;
    }

    /** Plain decimal digits only: no sign, no spaces, as RFC 1939 writes numbers. */
    private static long parseNumber(String digits, long max, String what, String line) throws CentralProtocolException {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
            throw malformed(what, line);
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(what, line);
            }
        }
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw malformed(what, line);
        }
        if (value > max) {
            throw malformed(what, line);
        }
        return value;
    }

    private static CentralProtocolException malformed(String what, String line) {
        return new CentralProtocolException("malformed " + what + ": " + Printable.excerpt(line));
    }
}
