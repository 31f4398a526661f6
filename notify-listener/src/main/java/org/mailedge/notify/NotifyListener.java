package org.mailedge.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;

/**
 * The SMTP listener through which the central mail system says "user X has new mail".
 *
 * <p>Any stock MTA can send a notification: one plain SMTP transaction whose RCPT local parts
 * name the users, with an optional {@code X-MailEdge-New-UIDs} header. The listener never relays
 * and stores nothing; it hands each user to the {@link NewMailSink} and answers.
 *
 * <p>It is SubEthaSMTP with the edges filed down: clients outside the allowed networks are
 * refused at connect ({@link AllowedNetworks}); DATA with a bare CR or LF is refused as a whole
 * ({@link DataScan}); BDAT is refused and CHUNKING not advertised ({@link BdatRefusedCommand},
 * {@link EhloCommand}); a refused DATA clears its transaction ({@link ClearTransactionAfterData});
 * a declared SIZE is checked before the library parses it ({@link DeclaredSizeLimit}).
 * SubEthaSMTP offers no public way to replace commands other than through its
 * {@code internal.server} command types, so those four classes depend on them.
 */
public final class NotifyListener implements AutoCloseable {

    /** Sessions open at once; a notification feed needs a handful. Beyond it the library answers 421. */
    static final int MAX_CONNECTIONS = 100;
    /** Sessions open at once from one client address; beyond it 421. */
    static final int MAX_CONNECTIONS_PER_SOURCE = 20;
    /** Named in the greeting instead of the library's name and version. */
    static final String SOFTWARE_NAME = "Mail Edge notify-listener";

    private static final Logger log = LoggerFactory.getLogger(NotifyListener.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final NotifyListenerConfig config;
    private final NotifyCounters counters = new NotifyCounters();
    private final SMTPServer server;
    private State state = State.NEW;

    public NotifyListener(NotifyListenerConfig config, NewMailSink sink, Clock clock) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        Objects.requireNonNull(sink, "sink must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        NotificationTransaction.Context transactionContext = new NotificationTransaction.Context(sink, clock,
                new SourceRateLimiter(config.maxTransactionsPerMinutePerSource(), clock), counters,
                config.maxMessageBytes());
        SMTPServer.Builder builder = SMTPServer.port(config.port());
        NotifySecurity security = config.security();
        security.startTls().ifPresent(tls -> builder.enableTLS(true).startTlsSocketFactory(tls).requireTLS(security.requireTls()));
        security.users().ifPresent(users -> builder.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(users))
                .requireAuth(true));
        server = builder
                .bindAddress(config.bindAddress())
                .hostName(config.hostName())
                .softwareName(SOFTWARE_NAME)
                .messageHandlerFactory(session -> new NotificationTransaction(session, transactionContext))
                .sessionHandler(new AllowedNetworks(config.allowedNetworks(), counters,
                        SessionHandler.limitConcurrentSessionsBySource(MAX_CONNECTIONS_PER_SOURCE)))
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeoutMs(Math.toIntExact(config.connectionTimeout().toMillis()))
                .maxRecipients(config.maxRecipients())
                // Advertised and checked at MAIL FROM by the library; DATA is checked by DataScan.
                .maxMessageSize(config.maxMessageBytes())
                // A Received header would cost a reverse DNS lookup per message and is never read.
                .insertReceivedHeaders(false)
                .build();
        // The builder's command handler is private to this server, so replacing commands here
        // does not touch other SMTPServer instances.
        CommandHandler commands = server.getCommandHandler();
        commands.addCommand(new EhloCommand(config.hostName(), config.maxMessageBytes(), security));
        commands.addCommand(new BdatRefusedCommand());
        commands.addCommand(new DeclaredSizeLimit(commands.getCommand("MAIL"), config.maxMessageBytes(), counters));
        commands.addCommand(new ClearTransactionAfterData(commands.getCommand("DATA")));
    }

    /**
     * Binds the port and starts accepting connections; when it returns the port is bound.
     *
     * @throws IllegalStateException if already started or closed; a listener runs once
     * @throws UncheckedIOException  if the address cannot be bound
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("a notify listener can be started once, it is " + state);
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException cause) {
                throw new UncheckedIOException("cannot listen for notifications on "
                        + config.bindAddress().getHostAddress() + ":" + config.port(), cause);
            }
            throw e;
        }
        state = State.RUNNING;
        log.info("notify listener on {}:{} accepting notifications from {}", config.bindAddress().getHostAddress(),
                port(), config.allowedNetworks());
    }

    /** The bound port, the one picked by the system if the configured port was 0. */
    public synchronized int port() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the notify listener has no port while it is " + state);
        }
        return server.getPortAllocated();
    }

    /** Stops accepting, closes open sessions and waits for their threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.RUNNING) {
            server.stop();
        }
        state = State.CLOSED;
    }

    public NotifyStats stats() {
        return counters.snapshot();
    }
}
