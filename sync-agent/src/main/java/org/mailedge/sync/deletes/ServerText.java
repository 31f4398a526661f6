package org.mailedge.sync.deletes;

/** A central server's reply line made safe for a log line (no control chars, bounded length). */
final class ServerText {

    private static final int MAX_EXCERPT = 200;

    private ServerText() {
    }

    static String excerpt(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(line.length(), MAX_EXCERPT); i++) {
            char c = line.charAt(i);
            out.append(c >= 0x20 && c <= 0x7E ? c : '?');
        }
        return line.length() > MAX_EXCERPT ? out.append("...").toString() : out.toString();
    }
}
