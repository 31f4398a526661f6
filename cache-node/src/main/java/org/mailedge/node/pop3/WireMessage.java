package org.mailedge.node.pop3;

import java.util.Arrays;

/**
 * A message as RETR and TOP put it on the wire (RFC 1939 §3): lines starting with "." get a
 * second one, and the text ends with CRLF; the final ".CRLF" is the response's. Done in one
 * pass over a byte array on a worker thread, so the event loop only writes: James'
 * ExtraDotInputStream reads a byte per call, which profiling showed to dominate RETR.
 */
final class WireMessage {

    private WireMessage() {
    }

    /** The message dot-stuffed and CRLF-terminated. A line starts after CRLF (not after a bare LF), as in James. */
    static byte[] stuffed(byte[] message) {
        int extra = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '.' && startsLine(message, i)) {
                extra++;
            }
        }
        boolean terminated = endsWithCrlf(message, message.length);
        byte[] out = new byte[message.length + extra + (terminated ? 0 : 2)];
        int o = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '.' && startsLine(message, i)) {
                out[o++] = '.';
            }
            out[o++] = message[i];
        }
        if (!terminated) {
            out[o++] = '\r';
            out[o] = '\n';
        }
        return out;
    }

    /** The header, the blank line and the first {@code lines} lines of the body (RFC 1939 §7, TOP). */
    static byte[] top(byte[] message, int lines) {
        int end = headerEnd(message);
        for (int counted = 0; counted < lines && end < message.length; end++) {
            if (message[end] == '\n' && end > 0 && message[end - 1] == '\r') {
                counted++;
            }
        }
        return end >= message.length ? message : Arrays.copyOf(message, end);
    }

    /** Index just after the blank line that ends the header, or the length when there is none. */
    private static int headerEnd(byte[] message) {
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return 2;
        }
        for (int i = 3; i < message.length; i++) {
            if (message[i] == '\n' && message[i - 1] == '\r' && message[i - 2] == '\n' && message[i - 3] == '\r') {
                return i + 1;
            }
        }
        return message.length;
    }

    private static boolean startsLine(byte[] message, int i) {
        return i == 0 || i >= 2 && message[i - 1] == '\n' && message[i - 2] == '\r';
    }

    private static boolean endsWithCrlf(byte[] message, int length) {
        return length >= 2 && message[length - 2] == '\r' && message[length - 1] == '\n';
    }
}
