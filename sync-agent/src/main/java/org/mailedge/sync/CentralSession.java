package org.mailedge.sync;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.pop3.POP3;
import org.apache.commons.net.pop3.POP3Command;
import org.apache.commons.net.pop3.POP3Reply;
import org.mailedge.sync.ResponseGuard.Shape;
import org.mailedge.sync.origin.ClientOrigin;
import org.mailedge.sync.origin.OriginForwarding;
import org.mailedge.sync.origin.ProxyHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 session with the central server, opened on a subscriber's behalf or for prefetch.
 *
 * <p>Blocking and not thread-safe, by design: a session mirrors one subscriber session (or
 * one prefetch job) and is driven by one worker thread at a time, so locking would only hide
 * misuse. Every wait is bounded by the endpoint's timeouts and every reply by its caps.
 *
 * <p>Failure model: a {@link CentralUnavailableException} (or its subtype
 * {@link CentralProtocolException}) means the session is gone; it has already been closed
 * without QUIT, so the central server deletes nothing (RFC 1939 §6). Plain {@code -ERR}
 * answers that leave the session usable are values ({@link LoginResult.Refused},
 * {@code false}, {@link Optional#empty()}), with the exact line in {@link #lastReplyLine()}.
 * Calling a method in the wrong state (before login, after close) is a programming error and
 * throws {@link IllegalStateException}.
 *
 * <p>Text is exchanged as ISO-8859-1, as commons-net does: one char per octet, so replies and
 * message bytes pass through unchanged.
 */
public final class CentralSession implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CentralSession.class);

    /** Chars moved per read from the dot-terminated body reader; only a copy buffer. */

    private enum Phase { AUTHORIZATION, TRANSACTION, CLOSED }

    private final CentralEndpoint endpoint;
    private final GuardedPop3Client client;
    private final ResponseGuard guard;
    private Phase phase = Phase.AUTHORIZATION;
    private String lastReplyLine;
    /** The command whose reply is being read, for exception messages. */
    private String inFlight = "greeting";

    private CentralSession(CentralEndpoint endpoint, GuardedPop3Client client, ResponseGuard guard, String greeting) {
        this.endpoint = endpoint;
        this.client = client;
        this.guard = guard;
        this.lastReplyLine = greeting;
    }

    /**
     * Connects and reads the greeting.
     *
     * @throws CentralUnavailableException on connect failure, timeout, or a greeting that is
     *                                     not {@code +OK}
     */
    public static CentralSession open(CentralEndpoint endpoint) throws CentralUnavailableException {
        return open(endpoint, OriginForwarding.NONE, null);
    }

    /**
     * Connects on a subscriber's behalf and hands the central server the subscriber's
     * address as {@code forwarding} says: a PROXY header before the greeting, or XCLIENT
     * after it when the server offers it. A server that does not offer XCLIENT, or refuses
     * it, still gets the login: the subscriber is served, only the central server's
     * per-address penalty then counts the edge's address.
     *
     * @param origin the subscriber's session; may be null only with {@link OriginForwarding#NONE}
     */
    public static CentralSession open(CentralEndpoint endpoint, OriginForwarding forwarding, ClientOrigin origin)
            throws CentralUnavailableException {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(forwarding, "forwarding");
        if (forwarding != OriginForwarding.NONE) {
            Objects.requireNonNull(origin, "origin");
        }
        byte[] preamble = switch (forwarding) {
            case PROXY_V1 -> ProxyHeader.v1(origin);
            case PROXY_V2 -> ProxyHeader.v2(origin);
            case NONE, XCLIENT -> new byte[0];
        };
        CentralSession session = connect(endpoint, preamble);
        if (forwarding == OriginForwarding.XCLIENT) {
            session.xclient(origin);
        }
        return session;
    }

    private static CentralSession connect(CentralEndpoint endpoint, byte[] preamble) throws CentralUnavailableException {
        ResponseGuard guard = new ResponseGuard(endpoint.maxLineLength(), endpoint.maxResponseBytes());
        GuardedPop3Client client = new GuardedPop3Client(guard, preamble, endpoint.tls(), endpoint.host());
        client.setConnectTimeout(endpoint.connectTimeoutMillis());
        // Applied as SO_TIMEOUT when the socket connects, so it bounds the greeting as well.
        client.setDefaultTimeout(endpoint.readTimeoutMillis());
        guard.beginResponse(Shape.LINES);
        try {
            client.connect(endpoint.host(), endpoint.port());
        } catch (IOException e) {
            disconnectQuietly(client, endpoint);
            throw logged(translate(endpoint, "connect", e));
        }
        String greeting = client.getReplyStrings()[0];
        if (guard.endOfStreamSeen() || !greeting.startsWith("+OK")) {
            disconnectQuietly(client, endpoint);
            String reason = guard.endOfStreamSeen() ? "closed the connection during the greeting" : "greeting is not +OK";
            throw logged(new CentralUnavailableException(
                    "central " + endpoint.address() + " " + reason + ": " + Printable.excerpt(greeting)));
        }
        if (endpoint.tls().mode() == CentralTls.Mode.STARTTLS) {
            startTls(endpoint, client, guard);
        }
        LOG.debug("central {} connected", endpoint.address());
        return new CentralSession(endpoint, client, guard, greeting);
    }

    /** STLS right after the greeting; a refusal ends the session: no password goes out in clear text. */
    private static void startTls(CentralEndpoint endpoint, GuardedPop3Client client, ResponseGuard guard)
            throws CentralUnavailableException {
        guard.beginResponse(Shape.LINES);
        try {
            if (!client.startTls()) {
                String refusal = client.getReplyStrings()[0];
                disconnectQuietly(client, endpoint);
                throw logged(new CentralUnavailableException("central " + endpoint.address()
                        + " refused STLS (central.tls.mode: starttls): " + Printable.excerpt(refusal)));
            }
        } catch (IOException e) {
            disconnectQuietly(client, endpoint);
            throw logged(translate(endpoint, "STLS", e));
        }
    }

    /**
     * Dovecot's XCLIENT, in AUTHORIZATION state before USER: offered in the greeting
     * ({@code +OK [XCLIENT] ...}) or, failing that, in CAPA. Dovecot accepts it only from its
     * {@code login_trusted_networks} and then treats the session as coming from {@code ADDR}.
     *
     * @return true when the server accepted the address
     */
    private boolean xclient(ClientOrigin origin) throws CentralUnavailableException {
        boolean offered = lastReplyLine.contains("[XCLIENT]") || exchange(() -> {
            if (!singleLine("CAPA", null)) {
                return false;
            }
            client.getAdditionalReply();
            return Arrays.stream(client.getReplyStrings()).anyMatch(line -> line.equals("XCLIENT") || line.startsWith("XCLIENT "));
        });
        if (!offered) {
            LOG.debug("central {} does not offer XCLIENT; the login comes from the edge's address", endpoint.address());
            return false;
        }
        boolean accepted = exchange(() -> singleLine("XCLIENT",
                "ADDR=" + origin.client().getAddress().getHostAddress() + " PORT=" + origin.client().getPort()));
        if (!accepted) {
            LOG.warn("central {} refused XCLIENT: {}", endpoint.address(), Printable.excerpt(lastReplyLine));
        }
        return accepted;
    }

    /**
     * Relays USER and PASS. A refusal of either is returned as {@link LoginResult.Refused}
     * with the server's line, and PASS is not sent after a refused USER; the caller cannot
     * and must not tell the two apart (no user enumeration). After a refusal the session
     * stays in AUTHORIZATION state and login may be retried.
     *
     * <p>Both strings go on the wire as ISO-8859-1: to relay a subscriber's octets unchanged,
     * decode them as ISO-8859-1. Chars above U+00FF, CR, LF and NUL are rejected with
     * {@link IllegalArgumentException} because they cannot be sent faithfully and CR/LF would
     * inject commands.
     */
    public LoginResult login(String user, String password) throws CentralUnavailableException {
        requirePhase(Phase.AUTHORIZATION);
        requireSendable("user", user);
        requireSendable("password", password);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        return exchange(() -> {
            if (!singleLine("USER", user) || !singleLine("PASS", password)) {
                return new LoginResult.Refused(lastReplyLine);
            }
            // POP3Client's RETR/TOP helpers check the state its own login(...) would have set.
            client.setState(POP3.TRANSACTION_STATE);
            phase = Phase.TRANSACTION;
            return new LoginResult.Accepted();
        });
    }

    /**
     * UIDL and LIST, joined by message number: the central server's current view of the
     * maildrop. Both are fetched because the cache is keyed by UID but serves LIST sizes.
     *
     * @throws CentralProtocolException if a UID breaks RFC 1939 §7 (1..70 chars in
     *                                  0x21..0x7E, unique) or the two listings disagree
     */
    public List<RemoteMessage> listing() throws CentralUnavailableException {
        requirePhase(Phase.TRANSACTION);
        return exchange(() -> {
            List<ScanListings.UidlEntry> uidl = ScanListings.parseUidl(multiLine("UIDL"));
            return ScanListings.join(uidl, multiLine("LIST"));
        });
    }

    /**
     * RETR of the message this session's listing named {@code uid}, checked afterwards with
     * {@code UIDL n}: a server that renumbers its maildrop while another session expunges
     * (RFC 1939 §8 asks for a lock; GreenMail takes none) would otherwise hand over another
     * message's bytes, which the edge would serve and cache under the wrong UID.
     *
     * @return empty on {@code -ERR}, as {@link #retrieve(int)}
     * @throws CentralProtocolException if the number no longer names {@code uid}; the session is closed
     */
    public Optional<byte[]> retrieve(int messageNumber, String uid) throws CentralUnavailableException {
        return verified(retrieve(messageNumber), messageNumber, uid);
    }

    /** TOP of the message this session's listing named {@code uid}, checked as {@link #retrieve(int, String)}. */
    public Optional<byte[]> top(int messageNumber, int lines, String uid) throws CentralUnavailableException {
        return verified(top(messageNumber, lines), messageNumber, uid);
    }

    private Optional<byte[]> verified(Optional<byte[]> content, int messageNumber, String uid)
            throws CentralUnavailableException {
        if (content.isEmpty()) {
            return content;
        }
        String named = exchange(() -> {
            begin("UIDL", Shape.LINES);
            if (!isOk(client.sendCommand(POP3Command.UIDL, Integer.toString(messageNumber)))) {
                return null;
            }
            String[] fields = lastReplyLine.split(" ");
            return fields.length >= 3 ? fields[2] : null;
        });
        if (!uid.equals(named)) {
            close();
            throw new CentralProtocolException("central " + endpoint.address() + ": message " + messageNumber
                    + " no longer has the UID it was listed with (the maildrop was renumbered during the session)");
        }
        return content;
    }

    /** STAT. A {@code -ERR} here leaves no usable maildrop view, so it fails the session. */
    public MailboxStat stat() throws CentralUnavailableException {
        requirePhase(Phase.TRANSACTION);
        return exchange(() -> {
            if (!singleLine("STAT", null)) {
                throw new CentralUnavailableException("refused: " + Printable.excerpt(lastReplyLine));
            }
            return ScanListings.parseStat(lastReplyLine);
        });
    }

    /**
     * The message exactly as the central server holds it: dot-unstuffed, line ends as sent
     * (CRLF), without the terminating ".CRLF". The whole message is held in heap (bounded by
     * {@link CentralEndpoint#maxResponseBytes()}).
     *
     * @return empty if the server answered {@code -ERR} (e.g. no such message); the line is
     *         in {@link #lastReplyLine()} and the session remains usable
     */
    public Optional<byte[]> retrieve(int messageNumber) throws CentralUnavailableException {
        requirePhase(Phase.TRANSACTION);
        requireMessageNumber(messageNumber);
        return exchange(() -> {
            begin("RETR", Shape.STATUS_THEN_BODY);
            return body(client.sendCommand(POP3Command.RETR, Integer.toString(messageNumber)));
        });
    }

    /**
     * The header, the blank line and the first {@code lines} lines of the body (RFC 1939 §7),
     * byte for byte as {@link #retrieve(int)} would give them.
     *
     * @return empty if the server answered {@code -ERR}; see {@link #retrieve(int)}
     */
    public Optional<byte[]> top(int messageNumber, int lines) throws CentralUnavailableException {
        requirePhase(Phase.TRANSACTION);
        requireMessageNumber(messageNumber);
        if (lines < 0) {
            throw new IllegalArgumentException("lines must be >= 0, was " + lines);
        }
        return exchange(() -> {
            begin("TOP", Shape.STATUS_THEN_BODY);
            return body(client.sendCommand(POP3Command.TOP, messageNumber + " " + lines));
        });
    }

    /**
     * Marks a message deleted; the central server removes it only at QUIT (RFC 1939 §6).
     *
     * @return false if the server answered {@code -ERR}
     */
    public boolean delete(int messageNumber) throws CentralUnavailableException {
        requirePhase(Phase.TRANSACTION);
        requireMessageNumber(messageNumber);
        return exchange(() -> singleLine("DELE", Integer.toString(messageNumber)));
    }

    /**
     * Unmarks every message marked deleted in this session.
     *
     * @return false if the server answered {@code -ERR}
     */
    public boolean reset() throws CentralUnavailableException {
        requirePhase(Phase.TRANSACTION);
        return exchange(() -> singleLine("RSET", null));
    }

    /**
     * QUIT: the central server enters UPDATE and commits deletes; the socket is then closed.
     * Allowed in AUTHORIZATION state too, where it deletes nothing.
     *
     * @return the reply line; {@code -ERR} (e.g. "some deleted messages not removed") means
     *         the deletes were not all committed
     * @throws CentralUnavailableException if no reply arrived; whether the deletes were
     *                                     committed is then unknown
     */
    public String quit() throws CentralUnavailableException {
        requireOpen();
        try {
            exchange(() -> singleLine("QUIT", null));
            return lastReplyLine;
        } finally {
            close();
        }
    }

    /**
     * The last status line from the server, exactly as received without CRLF, one char per
     * octet (e.g. {@code "-ERR [IN-USE] mailbox locked"}). Right after {@link #open} it is the
     * greeting. It is server-chosen text: sanitise before logging, and after PASS do not log
     * it at all, since a confused server may echo the password.
     */
    public String lastReplyLine() {
        return lastReplyLine;
    }

    /** Closes the socket without QUIT (RFC 1939 §6: no UPDATE, so nothing is deleted). Idempotent. */
    @Override
    public void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        disconnectQuietly(client, endpoint);
    }

    /** One public operation's socket work: any I/O failure there ends the session. */
    private interface Exchange<T> {
        T run() throws IOException;
    }

    private <T> T exchange(Exchange<T> work) throws CentralUnavailableException {
        try {
            return work.run();
        } catch (IOException e) {
            close();
            throw logged(translate(endpoint, inFlight, e));
        }
    }

    /** Resets the guard's budget for the reply to {@code verb}, before the command is written. */
    private void begin(String verb, Shape shape) {
        inFlight = verb;
        guard.beginResponse(shape);
        // Only the verb: never arguments, so PASS's password cannot reach a log.
        if (LOG.isDebugEnabled()) { // the address is a new string: not for every command of every session
            LOG.debug("central {} <- {}", endpoint.address(), verb);
        }
    }

    /**
     * Sends one command whose answer is a single status line.
     *
     * @return true for +OK, false for -ERR
     */
    private boolean singleLine(String verb, String argument) throws IOException {
        begin(verb, Shape.LINES);
        return isOk(client.sendCommand(verb, argument));
    }

    /** @return the lines between the +OK status line and the terminating "." */
    private List<String> multiLine(String verb) throws IOException {
        if (!singleLine(verb, null)) {
            throw new CentralUnavailableException("refused: " + Printable.excerpt(lastReplyLine));
        }
        client.getAdditionalReply();
        String[] lines = client.getReplyStrings();
        if (guard.endOfStreamSeen() || lines.length < 2 || !".".equals(lines[lines.length - 1])) {
            throw new CentralUnavailableException("connection closed in the middle of the response");
        }
        return Arrays.asList(lines).subList(1, lines.length - 1);
    }

    private boolean isOk(int replyCode) throws IOException {
        lastReplyLine = client.getReplyStrings()[0];
        // After QUIT the server closes; anywhere else a close means the reply may be cut short.
        if (guard.endOfStreamSeen() && !"QUIT".equals(inFlight)) {
            throw new CentralUnavailableException("connection closed by the central server");
        }
        if (replyCode != POP3Reply.OK && replyCode != POP3Reply.ERROR) {
            throw new CentralProtocolException("unexpected reply: " + Printable.excerpt(lastReplyLine));
        }
        boolean ok = replyCode == POP3Reply.OK;
        if (LOG.isDebugEnabled()) {
            LOG.debug("central {} {} -> {}", endpoint.address(), inFlight, ok ? "+OK" : "-ERR");
        }
        return ok;
    }

    /**
     * Materialises a RETR/TOP body, or returns empty for -ERR.
     *
     * @param replyCode what {@code sendCommand} returned for the status line
     */
    private Optional<byte[]> body(int replyCode) throws IOException {
        if (!isOk(replyCode)) {
            return Optional.empty();
        }
        return Optional.of(DotTerminatedBody.read(client.replyReader()));
    }

    private static CentralUnavailableException translate(CentralEndpoint endpoint, String verb, IOException cause) {
        String where = "central " + endpoint.address() + " " + verb + ": ";
        if (cause instanceof CentralProtocolException || cause instanceof MalformedServerReplyException) {
            if ("PASS".equals(verb)) {
                // A server that does not understand PASS may echo the whole command line; the
                // text (and the cause that carries it) must not reach a log or a stack trace.
                return new CentralProtocolException(where + "malformed reply (text withheld, it may echo the password)");
            }
            return new CentralProtocolException(where + cause.getMessage(), cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return new CentralUnavailableException(
                    where + "timed out (connectTimeout " + endpoint.connectTimeout()
                            + ", readTimeout " + endpoint.readTimeout() + ")", cause);
        }
        return new CentralUnavailableException(where + cause.getMessage(), cause);
    }

    /**
     * A broken cap or protocol is worth an operator's attention (a misbehaving central
     * server); plain unavailability is the caller's to report, as it knows the impact.
     */
    private static CentralUnavailableException logged(CentralUnavailableException e) {
        if (e instanceof CentralProtocolException) {
            LOG.warn("{}", Printable.excerpt(e.getMessage()));
        } else {
            LOG.debug("{}", Printable.excerpt(e.getMessage()));
        }
        return e;
    }

    private static void disconnectQuietly(GuardedPop3Client client, CentralEndpoint endpoint) {
        try {
            client.disconnect();
        } catch (IOException e) {
            LOG.debug("central {} close failed: {}", endpoint.address(), e.toString());
        }
    }

    private void requireOpen() {
        if (phase == Phase.CLOSED) {
            throw new IllegalStateException("session with central " + endpoint.address() + " is closed");
        }
    }

    private void requirePhase(Phase expected) {
        requireOpen();
        if (phase != expected) {
            throw new IllegalStateException("command needs " + expected + " state, session is in " + phase);
        }
    }

    private static void requireMessageNumber(int messageNumber) {
        if (messageNumber < 1) {
            throw new IllegalArgumentException("messageNumber must be >= 1, was " + messageNumber);
        }
    }

    private static void requireSendable(String name, String value) {
        Objects.requireNonNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0' || c > 0xFF) {
                // The value itself is not quoted: it may be a password.
                throw new IllegalArgumentException(name + " contains a char that cannot be sent (CR, LF, NUL or above U+00FF) at index " + i);
            }
        }
    }
}
