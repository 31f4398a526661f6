package org.mailedge.sync;

/**
 * Meters every octet the central server sends, at the socket, before commons-net buffers it.
 *
 * <p>commons-net reads lines into an unbounded {@code StringBuilder} and multi-line replies
 * into an unbounded list, so the only place a cap can hold is underneath its reader: here a
 * line or response that goes over its cap fails the read that would have delivered it, and
 * at most one socket read of excess octets is ever held.
 *
 * <p>A line ends at CRLF, not at a bare LF, because that is where commons-net's
 * {@code CRLFLineReader} ends it; counting from a bare LF would let a server grow one
 * "line" without bound.
 *
 * <p>Not thread-safe: it belongs to one session and is used from that session's thread.
 */
final class ResponseGuard {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** How the line cap applies to the response that is about to be read. */
    enum Shape {
        /** Every line is capped: status lines, UIDL and LIST. */
        LINES,
        /**
         * Only the status line is capped. Message lines are not: RETR/TOP bodies are read
         * without line buffering, and a message with a long line (legal in practice if not
         * by RFC 5322 §2.1.1) must still be retrievable. The response cap still holds.
         */
        STATUS_THEN_BODY
    }

    private final int maxLineLength;
    private final long maxResponseBytes;

    private Shape shape = Shape.LINES;
    private long responseBytes;
    private int lineBytes;
    private boolean previousWasCr;
    private boolean statusLineRead;
    private boolean endOfStream;

    ResponseGuard(int maxLineLength, long maxResponseBytes) {
        this.maxLineLength = maxLineLength;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Resets the budget. Called before each command is written: a POP3 server is silent
     * between a response and the next command, so every octet read afterwards belongs to
     * this response.
     */
    void beginResponse(Shape nextShape) {
        shape = nextShape;
        responseBytes = 0;
        lineBytes = 0;
        previousWasCr = false;
        statusLineRead = false;
    }

    void account(byte[] buffer, int offset, int length) throws CentralProtocolException {
        responseBytes += length;
        if (responseBytes > maxResponseBytes) {
            throw new CentralProtocolException(
                    "response exceeds maxResponseBytes (" + maxResponseBytes + " octets)");
        }
        for (int i = offset; i < offset + length; i++) {
            if (shape == Shape.STATUS_THEN_BODY && statusLineRead) {
                return;
            }
            byte b = buffer[i];
            if (b == LF && previousWasCr) {
                lineBytes = 0;
                statusLineRead = true;
            } else if (++lineBytes >= maxLineLength) {
                // lineBytes octets so far, and at least the LF still to come.
                throw new CentralProtocolException(
                        "line exceeds maxLineLength (" + maxLineLength + " octets including CRLF)");
            }
            previousWasCr = b == CR;
        }
    }

    void endOfStream() {
        endOfStream = true;
    }

    /**
     * True once a read hit end of stream. commons-net's readers report a close in the middle
     * of a reply exactly like a complete one (a short line, or the end of a dot-terminated
     * body), so this is how an incomplete reply is told apart. It is only set when a reader
     * needed more octets: they read ahead only what is already available, never blocking
     * past a complete reply.
     */
    boolean endOfStreamSeen() {
        return endOfStream;
    }
}
