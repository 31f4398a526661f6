package org.mailedge.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.SocketFactory;
import org.apache.commons.net.pop3.POP3;
import org.apache.commons.net.pop3.POP3Client;

/**
 * commons-net's {@link POP3Client} reading through a {@link ResponseGuard}.
 *
 * <p>The guard is installed through the socket factory, not by wrapping {@code _input_} in
 * {@code _connectAction_()}: in commons-net 3.13.0 {@code SocketClient._connectAction_()}
 * assigns {@code _input_ = _socket_.getInputStream()} and {@code POP3._connectAction_()}
 * builds its reader and reads the greeting right after calling it, so there is no moment at
 * which a subclass could swap the stream. A socket whose {@code getInputStream()} is already
 * guarded covers the greeting too.
 */
final class GuardedPop3Client extends POP3Client {

    /**
     * POP3's reply reader is package-private in commons-net 3.13.0, and the only public way to
     * a message body reads it one synchronized call per character; reflection gives the bulk
     * path ({@link DotTerminatedBody}). Checked when the class loads, so an incompatible
     * commons-net fails at once, not mid-session.
     */
    private static final Field REPLY_READER = replyReaderField();

    GuardedPop3Client(ResponseGuard guard) {
        this(guard, new byte[0]);
    }

    /** @param preamble octets written as soon as the socket connects, before the greeting is read (a PROXY header) */
    GuardedPop3Client(ResponseGuard guard, byte[] preamble) {
        setSocketFactory(new GuardedSocketFactory(guard, preamble));
    }

    /** The reader replies come from, positioned after the last status line read. */
    Reader replyReader() {
        try {
            return (Reader) REPLY_READER.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("commons-net POP3.reader is not accessible", e);
        }
    }

    private static Field replyReaderField() {
        try {
            Field field = POP3.class.getDeclaredField("reader");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("commons-net POP3 has no field 'reader': this version is not supported");
        }
    }

    @Override
    protected void applySocketAttributes() throws SocketException {
        super.applySocketAttributes();
        // Each command is one small write answered before the next; Nagle would hold a write
        // back while an earlier segment awaits a (possibly delayed) ACK.
        _socket_.setTcpNoDelay(true);
    }

    private static final class GuardedSocketFactory extends SocketFactory {

        private static final String CONNECTED_SOCKETS =
                "commons-net connects an unconnected socket itself, so that its connect timeout applies";

        private final ResponseGuard guard;
        private final byte[] preamble;

        GuardedSocketFactory(ResponseGuard guard, byte[] preamble) {
            this.guard = guard;
            this.preamble = preamble;
        }

        @Override
        public Socket createSocket() {
            return new GuardedSocket(guard, preamble);
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException(CONNECTED_SOCKETS);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException(CONNECTED_SOCKETS);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException(CONNECTED_SOCKETS);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException(CONNECTED_SOCKETS);
        }
    }

    private static final class GuardedSocket extends Socket {

        private final ResponseGuard guard;
        private final byte[] preamble;
        private InputStream guarded;

        GuardedSocket(ResponseGuard guard, byte[] preamble) {
            this.guard = guard;
            this.preamble = preamble;
        }

        /** commons-net reads the greeting right after connecting: the preamble must be on its way first. */
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            if (preamble.length > 0) {
                getOutputStream().write(preamble);
                getOutputStream().flush();
            }
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            InputStream raw = super.getInputStream();
            if (guarded == null) {
                guarded = new GuardedInputStream(raw, guard);
            }
            return guarded;
        }
    }

    /** Extends InputStream, not FilterInputStream, so that no method (skip) bypasses the guard. */
    private static final class GuardedInputStream extends InputStream {

        private final InputStream in;
        private final ResponseGuard guard;

        GuardedInputStream(InputStream in, ResponseGuard guard) {
            this.in = in;
            this.guard = guard;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                guard.endOfStream();
            } else {
                guard.account(buffer, offset, n);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            // InputStreamReader reads ahead only while this says more is ready; it must be
            // the socket's real answer for ResponseGuard.endOfStreamSeen() to hold.
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
