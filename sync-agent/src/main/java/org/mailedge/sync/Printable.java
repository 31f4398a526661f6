package org.mailedge.sync;

/**
 * Server text made safe for exception messages and logs.
 *
 * <p>Reply lines are chosen by the peer: without this, control characters or an 8 KiB line
 * would go straight into the edge's logs (log forging, log flooding).
 */
final class Printable {

    private static final int MAX_EXCERPT = 200;

    private Printable() {
    }

    static String excerpt(String serverText) {
        int length = Math.min(serverText.length(), MAX_EXCERPT);
        StringBuilder out = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            char c = serverText.charAt(i);
            out.append(c >= 0x20 && c <= 0x7E ? c : '?');
        }
        if (serverText.length() > MAX_EXCERPT) {
            out.append("...");
        }
        return out.toString();
    }
}
