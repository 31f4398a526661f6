package org.mailedge.sync;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads a RETR/TOP body (RFC 1939 §3: lines byte-stuffed, ended by CRLF "." CRLF) in bulk.
 * commons-net's DotTerminatedMessageReader takes one synchronized call per character, which
 * profiling showed to be the edge's largest cost when relaying 100 KB messages; this reads the
 * client's reply reader in chunks and un-stuffs in one pass over a byte array.
 *
 * <p>The server sends nothing after the terminator until the next command, so the terminator
 * is always at the end of what has been read so far. Each char is one ISO-8859-1 octet, so the
 * bytes come back exactly as the server holds them, CRLF line ends included.
 */
final class DotTerminatedBody {

    private static final int CHUNK = 64 * 1024;

    private DotTerminatedBody() {
    }

    static byte[] read(Reader reply) throws IOException {
        char[] chunk = new char[CHUNK];
        byte[] raw = new byte[CHUNK];
        int size = 0;
        do {
            int n = reply.read(chunk);
            if (n < 0) {
                throw new CentralUnavailableException("connection closed in the middle of the message");
            }
            if (size + n > raw.length) {
                raw = Arrays.copyOf(raw, Math.max(raw.length * 2, size + n));
            }
            for (int i = 0; i < n; i++) {
                raw[size + i] = (byte) chunk[i];
            }
            size += n;
        } while (!terminated(raw, size));
        return unstuff(raw, size - 3);
    }

    /** ".CRLF" alone (an empty body) or CRLF ".CRLF" at the end. */
    private static boolean terminated(byte[] raw, int size) {
        if (size == 3) {
            return raw[0] == '.' && raw[1] == '\r' && raw[2] == '\n';
        }
        return size >= 5 && raw[size - 5] == '\r' && raw[size - 4] == '\n' && raw[size - 3] == '.'
                && raw[size - 2] == '\r' && raw[size - 1] == '\n';
    }

    /** Drops the stuffed "." at the start of each line (a line starts after CRLF, not after a bare LF). */
    static byte[] unstuff(byte[] raw, int length) {
        byte[] out = new byte[length];
        int o = 0;
        boolean lineStart = true;
        for (int i = 0; i < length; i++) {
            byte b = raw[i];
            if (lineStart && b == '.') {
                lineStart = false;
                continue;
            }
            out[o++] = b;
            lineStart = b == '\n' && i > 0 && raw[i - 1] == '\r';
        }
        return o == length ? out : Arrays.copyOf(out, o);
    }
}
