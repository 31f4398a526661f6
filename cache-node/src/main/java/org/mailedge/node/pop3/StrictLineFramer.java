package org.mailedge.node.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames command lines strictly: a line ends with CRLF and nothing else, and is at most
 * {@code maxLineLength} octets including the CRLF. Anything else becomes a
 * {@link FramingError}, after which all input is discarded: the connection is closing.
 * Nothing beyond one line's worth of bytes is ever buffered, so a 10 MiB line without CRLF
 * costs no memory.
 *
 * <p>Where STLS is offered, an STLS line with anything after it in the same read is refused
 * ({@link FramingError#STLS_PIPELINED}): RFC 2595 §4 forbids further commands before the
 * handshake, and those bytes, read in clear text, would be answered inside TLS
 * (CVE-2011-0411 class). Bytes that arrive later, while STLS waits its turn, are checked by
 * {@link CommandSerializer} through {@link #holdsBytes()}.
 */
final class StrictLineFramer extends ByteToMessageDecoder {

    private final int maxLineLength;
    private final boolean guardStls;
    private boolean failed;

    StrictLineFramer(int maxLineLength, boolean guardStls) {
        this.maxLineLength = maxLineLength;
        this.guardStls = guardStls;
    }

    /** Whether bytes of an unfinished line are buffered here. */
    boolean holdsBytes() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            int start = in.readerIndex();
            int searchEnd = Math.min(in.writerIndex(), start + maxLineLength);
            int lf = in.indexOf(start, searchEnd, (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() >= maxLineLength) {
                    fail(out, FramingError.LINE_TOO_LONG);
                } else if (in.indexOf(start, in.writerIndex() - 1, (byte) '\r') >= 0) {
                    fail(out, FramingError.BARE_LINE_END);
                }
                break;
            }
            int length = lf - start + 1;
            int cr = in.indexOf(start, lf, (byte) '\r');
            if (cr != lf - 1) {
                fail(out, FramingError.BARE_LINE_END);
                break;
            }
            ByteBuf line = in.readRetainedSlice(length);
            if (guardStls && in.isReadable() && StlsCmd.isStls(line)) {
                line.release();
                fail(out, FramingError.STLS_PIPELINED);
                break;
            }
            out.add(line);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void fail(List<Object> out, FramingError error) {
        failed = true;
        out.add(error);
    }
}
