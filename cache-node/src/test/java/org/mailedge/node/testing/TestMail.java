package org.mailedge.node.testing;

import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;

/**
 * Test messages that exercise byte-exactness: 8-bit UTF-8 text, lines that start with a
 * dot, a lone "." line, CRLF throughout, and sizes from a few hundred octets to a few
 * hundred KB. Deterministic from the seed.
 */
public final class TestMail {

    private static final String[] WORDS = {"Grüße", "aus", "Köln", "½", "€", "naïve", "façade", "smörgåsbord", "mail",
        "edge", "cache", "POP3", "central", "ßtraße", "😀", "line", "text", "über", "déjà", "vu"};

    private TestMail() {
    }

    /** A message of about {@code approxSize} octets for {@code recipient}, with a unique {@code tag} in its subject and body. */
    public static byte[] message(String recipient, String tag, int approxSize, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        text.append("From: sender@example.test\r\n")
                .append("To: ").append(recipient).append("\r\n")
                .append("Subject: ").append(tag).append("\r\n")
                .append("Message-ID: <").append(tag).append("@example.test>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n\r\n")
                .append("tag ").append(tag).append("\r\n")
                .append(".a line that starts with a dot\r\n")
                .append("..two dots\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(approxSize + 200);
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        while (out.size() < approxSize) {
            StringBuilder line = new StringBuilder();
            if (random.nextInt(40) == 0) {
                line.append('.');
            }
            while (line.length() < 60) {
                line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            out.writeBytes(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(".\r\nthe end of ".getBytes(StandardCharsets.UTF_8));
        out.writeBytes((tag + "\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Puts {@code raw} into the user's central maildrop through GreenMail's API (fast, no SMTP). */
    public static void deliver(GreenMailUser user, byte[] raw) {
        try {
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Undoes POP3 dot-stuffing of wire lines (as {@link Pop3Wire#rawBody()} returns them): the message itself. */
    public static byte[] unstuff(byte[] wire) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length);
        boolean lineStart = true;
        for (int i = 0; i < wire.length; i++) {
            byte b = wire[i];
            if (lineStart && b == '.') {
                lineStart = false;
                continue;
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    /**
     * Null when the two are the same bytes, else a short account of how they differ (lengths,
     * first differing offset, subjects), so a failed comparison of 200 KB messages reads well.
     */
    public static String difference(byte[] actual, byte[] expected) {
        if (java.util.Arrays.equals(actual, expected)) {
            return null;
        }
        if (actual == null || expected == null) {
            return "got " + (actual == null ? "nothing" : actual.length + " octets") + ", expected "
                    + (expected == null ? "nothing" : expected.length + " octets");
        }
        int at = java.util.Arrays.mismatch(actual, expected);
        return "got " + actual.length + " octets (" + subject(actual) + "), expected " + expected.length + " octets ("
                + subject(expected) + "), first difference at offset " + at;
    }

    /** The Subject header line, for messages. */
    public static String subject(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int at = text.indexOf("Subject: ");
        if (at < 0) {
            return "no subject";
        }
        int end = text.indexOf('\r', at);
        return text.substring(at, end < 0 ? text.length() : end);
    }
}
