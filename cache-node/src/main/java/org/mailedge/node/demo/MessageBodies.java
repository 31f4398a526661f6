package org.mailedge.node.demo;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The text of the demo's messages: mostly short notes, and a share of long ones (tens of KB,
 * a newsletter or a forwarded document), so that bytes served from the edge's cache and from
 * the central server are worth comparing. Plain 7-bit lines of at most 72 characters; long
 * messages also have a line that starts with a dot, which POP3 and SMTP byte-stuff, so the
 * cache's copy is exercised on that path too.
 */
final class MessageBodies {

    /** Share of messages whose body is tens of KB. */
    static final double LONG_SHARE = 0.25;
    static final int SHORT_MIN = 200;
    static final int SHORT_MAX = 3_000;
    static final int LONG_MIN = 10_000;
    static final int LONG_MAX = 60_000;

    private static final String FILLER = "Mail Edge keeps a copy of this text at the edge, near the subscriber. ";

    private MessageBodies() {
    }

    /** A body length in characters: {@link #LONG_SHARE} long ones, the rest short. */
    static int drawLength(SplittableRandom random) {
        return random.nextDouble() < LONG_SHARE
                ? random.nextInt(LONG_MIN, LONG_MAX + 1)
                : random.nextInt(SHORT_MIN, SHORT_MAX + 1);
    }

    /** A body of about {@code length} characters (never much shorter), CRLF line ends. */
    static String body(String login, String id, int length) {
        StringBuilder b = new StringBuilder(length + 80);
        b.append("Hello ").append(login).append(",\r\n\r\nthis is demo message ").append(id).append(".\r\n\r\n");
        int line = 0;
        while (b.length() < length) {
            line++;
            String text = String.format(Locale.ROOT, "%04d %s", line, FILLER);
            b.append(text, 0, Math.min(text.length(), 72)).append("\r\n");
            if (line == 100) {
                b.append(".signature of part one\r\n");
            }
        }
        return b.toString();
    }
}
