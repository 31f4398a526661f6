package org.mailedge.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one DATA stream (already ended at CRLF.CRLF and dot-unstuffed by the library) to its
 * end and judges it. The whole stream is always consumed, even when the verdict is already
 * known, so that the next bytes on the connection are read as commands again.
 *
 * <p>Only the header section is kept, and only up to the size limit: the body is looked at for
 * line ends and length, then dropped. It is never stored or logged.
 */
final class DataScan {

    private static final int CR = '\r';
    private static final int LF = '\n';
    private static final int BUFFER_SIZE = 8192;

    /** The verdict on one DATA stream; {@code size} is its length in bytes. */
    sealed interface Result permits Complete, BareLineEnd, TooLarge {
        long size();
    }

    /** Well formed and within the limit; {@code header} is the header section in ISO-8859-1. */
    record Complete(String header, long size) implements Result {
    }

    /** A CR not followed by LF, or an LF not preceded by CR, somewhere in the stream. */
    record BareLineEnd(long size) implements Result {
    }

    record TooLarge(long size) implements Result {
    }

    private DataScan() {
    }

    static Result read(InputStream data, int maxBytes) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        boolean inHeader = true;
        int lineLength = 0;
        boolean afterCr = false;
        boolean bareLineEnd = false;
        long size = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        for (int n = data.read(buffer); n != -1; n = data.read(buffer)) {
            for (int i = 0; i < n; i++) {
                int b = buffer[i] & 0xFF;
                size++;
                // CR must be followed by LF and LF preceded by CR: either mismatch is a bare line end.
                if (afterCr != (b == LF)) {
                    bareLineEnd = true;
                }
                afterCr = b == CR;
                if (inHeader && size <= maxBytes) {
                    header.write(b);
                    if (b == LF) {
                        // RFC 5322 section 2.1: the first empty line ends the header section.
                        inHeader = lineLength > 0;
                        lineLength = 0;
                    } else if (b != CR) {
                        lineLength++;
                    }
                }
            }
        }
        if (afterCr) {
            bareLineEnd = true;
        }
        if (bareLineEnd) {
            return new BareLineEnd(size);
        }
        if (size > maxBytes) {
            return new TooLarge(size);
        }
        return new Complete(header.toString(StandardCharsets.ISO_8859_1), size);
    }
}
