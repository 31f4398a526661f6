package org.mailedge.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.io.CRLFLineReader;
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
    private static final Field REPLY_READER = field("reader");
    private static final Field WRITER = field("writer");

    private final ResponseGuard guard;
    private final CentralTls tls;
    private final String host;

    /**
     * @param preamble octets written as soon as the socket connects, before the greeting is read
     *                 (a PROXY header); in clear text, before any TLS
     * @param tls      TLS towards the central server
     * @param host     the name the central server's certificate must carry
     */
    GuardedPop3Client(ResponseGuard guard, byte[] preamble, CentralTls tls, String host) {
        this.guard = guard;
        this.tls = tls;
        this.host = host;
        setSocketFactory(new GuardedSocketFactory(guard, preamble));
    }

    /** Implicit TLS: the handshake before commons-net reads the greeting. */
    @Override
    protected void _connectAction_() throws IOException {
        if (tls.mode() == CentralTls.Mode.IMPLICIT) {
            _socket_ = handshake();
        }
        super._connectAction_();
    }

    /**
     * STLS (RFC 2595 §4), after the greeting. Whatever the server sent after its {@code +OK}
     * and before the handshake is refused, not read later as if it came under TLS
     * (CVE-2021-38371 class): bytes already read into commons-net's reader, or waiting in the
     * socket, end the session. Bytes that arrive later are not TLS records and fail the
     * handshake. The reader and writer are then rebuilt over the TLS streams.
     *
     * @return false when the server refused STLS
     */
    boolean startTls() throws IOException {
        if (sendCommand("STLS") != org.apache.commons.net.pop3.POP3Reply.OK) {
            return false;
        }
        if (replyReader().ready()) {
            throw new CentralProtocolException("sent data after its STLS +OK, before the TLS handshake (refused: CVE-2021-38371 class)");
        }
        _socket_ = handshake();
        _input_ = _socket_.getInputStream();
        _output_ = _socket_.getOutputStream();
        set(REPLY_READER, new CRLFLineReader(new InputStreamReader(_input_, java.nio.charset.StandardCharsets.ISO_8859_1)));
        set(WRITER, new BufferedWriter(new OutputStreamWriter(_output_, java.nio.charset.StandardCharsets.ISO_8859_1)));
        return true;
    }

    /** Layers TLS over the connected socket, verifying the certificate chain and the host name. */
    private Socket handshake() throws IOException {
        Socket raw = _socket_;
        if (raw instanceof GuardedSocket guarded) {
            // from now on the guard reads clear text above TLS, not the records below it
            guarded.passThrough();
        }
        SSLSocket socket = (SSLSocket) tls.context().getSocketFactory().createSocket(raw, host, raw.getPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(CentralTls.PROTOCOLS);
        socket.setSSLParameters(parameters);
        socket.setUseClientMode(true);
        socket.setSoTimeout(raw.getSoTimeout());
        socket.startHandshake();
        return new TlsSocket(socket, guard);
    }

    private void set(Field field, Object value) {
        try {
            field.set(this, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("commons-net POP3." + field.getName() + " is not accessible", e);
        }
    }

    /** The reader replies come from, positioned after the last status line read. */
    Reader replyReader() {
        try {
            return (Reader) REPLY_READER.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("commons-net POP3.reader is not accessible", e);
        }
    }

    private static Field field(String name) {
        try {
            Field field = POP3.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("commons-net POP3 has no field '" + name + "': this version is not supported");
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
        private boolean passThrough;

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

        /** TLS is being layered over this socket: its stream carries records, guarded above TLS instead. */
        synchronized void passThrough() {
            passThrough = true;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            InputStream raw = super.getInputStream();
            if (passThrough) {
                return raw;
            }
            if (guarded == null) {
                guarded = new GuardedInputStream(raw, guard);
            }
            return guarded;
        }
    }

    /** Extends InputStream, not FilterInputStream, so that no method (skip) bypasses the guard. */
    static final class GuardedInputStream extends InputStream {

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
