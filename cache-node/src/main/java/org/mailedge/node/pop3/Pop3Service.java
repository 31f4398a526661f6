package org.mailedge.node.pop3;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.pop3.POP3Configuration;
import org.apache.james.protocols.pop3.POP3Protocol;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.DeleCmdHandler;
import org.apache.james.protocols.pop3.core.ListCmdHandler;
import org.apache.james.protocols.pop3.core.NoopCmdHandler;
import org.apache.james.protocols.pop3.core.RsetCmdHandler;
import org.apache.james.protocols.pop3.core.StatCmdHandler;
import org.apache.james.protocols.pop3.core.UidlCmdHandler;
import org.apache.james.protocols.pop3.core.UnknownCmdHandler;
import org.apache.james.protocols.pop3.core.UserCmdHandler;
import org.mailedge.node.limits.ConnectionCounts;
import org.mailedge.node.limits.PerUserAndAddress;
import org.mailedge.node.metrics.EdgeCounters;
import org.mailedge.node.proxy.ConnectionAdmission;

/**
 * The edge's POP3 service: James' command handlers for what the edge answers from the
 * session's listing (STAT, LIST, UIDL, DELE, RSET, NOOP, USER), the edge's own for what
 * involves the attenuation table or the central server (PASS, AUTH, RETR, TOP, QUIT), and CAPA.
 * APOP is not in the chain, so it gets {@code -ERR} like any unknown command. In delay mode
 * the replies of STAT, LIST, UIDL and QUIT wait ({@link DelayedReply}).
 *
 * <p>With a certificate ({@link Pop3Tls}) the plain listener offers STLS, and a second
 * listener speaks POP3S when configured; both share one protocol and handler chain.
 */
public final class Pop3Service implements AutoCloseable {

    private final EdgePop3Server server;
    private final Optional<EdgePop3Server> implicitTls;

    public Pop3Service(SessionServices services, Pop3Limits limits, InetSocketAddress listen, String hostName,
                       Optional<Long> loginDelaySeconds, Optional<Pop3Tls> tls) {
        NoopMetricFactory metrics = new NoopMetricFactory();
        UserAddressSessions perUserAndAddress =
                new UserAddressSessions(new PerUserAndAddress(limits.maxConnectionsPerUserAndAddress()));
        SessionCloser closer = new SessionCloser(services.centralIo(), perUserAndAddress, services.counters());
        Login login = new Login(services, perUserAndAddress);
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        // the dispatcher must be the chain's first line handler
        List<ProtocolHandler> handlers = new ArrayList<>(List.of(
                new CommandDispatcher<POP3Session>(),
                new Greeting(hostName),
                new CapaCmd(loginDelaySeconds, "Mail-Edge", new TlsOffer(tls.isPresent(), tls.map(Pop3Tls::require).orElse(false))),
                new StlsCmd(),
                new UserCmdHandler(metrics),
                new PassCmd(login),
                new AuthCmd(login),
                new DelayedReply(new StatCmdHandler(metrics), services.counters()),
                new DelayedReply(new ListCmdHandler(metrics), services.counters()),
                new DelayedReply(new UidlCmdHandler(metrics), services.counters()),
                new DeleCmdHandler(metrics),
                new NoopCmdHandler(metrics),
                new RsetCmdHandler(metrics),
                new RetrCmd(services.centralIo()),
                new TopCmd(services.centralIo()),
                new DelayedReply(new QuitCmd(services), services.counters()),
                new UnknownCmdHandler(),
                closer));
        if (tls.map(Pop3Tls::require).orElse(false)) {
            // the dispatcher asks a command's handlers in chain order: the guard must come first
            handlers.add(1, new CleartextLoginGuard(loginCommands(handlers)));
        }
        chain.addAll(handlers);
        try {
            chain.wireExtensibleHandlers();
        } catch (WiringException e) {
            throw new IllegalStateException("POP3 handler chain is inconsistent", e);
        }
        POP3Protocol protocol = new POP3Protocol(chain, new POP3Configuration() {
            @Override
            public String getHelloName() {
                return hostName;
            }

            @Override
            public String getSoftwareName() {
                return "Mail Edge";
            }
        });
        // one admission for both listeners: the connection limits count POP3 and POP3S together
        ConnectionAdmission admission = new ConnectionAdmission(limits.proxyProtocol(),
                new ConnectionCounts(limits.maxConnections(), limits.maxConnectionsPerAddress()));
        this.server = server(protocol, tls.map(t -> t.server().startTls()).orElse(null), closer, limits, admission, listen,
                services.counters());
        this.implicitTls = tls.flatMap(t -> t.implicitListen().map(address ->
                server(protocol, t.server().implicit(), closer, limits, admission, address, services.counters())));
    }

    private static EdgePop3Server server(POP3Protocol protocol, Encryption encryption, SessionCloser closer, Pop3Limits limits,
                                         ConnectionAdmission admission, InetSocketAddress listen, EdgeCounters counters) {
        EdgePop3Server server = new EdgePop3Server(protocol, encryption, closer, limits.maxLineLength(), limits.idleBeforeLogin(),
                limits.idleAfterLogin(), admission);
        server.countConnections(counters);
        server.setListenAddresses(listen);
        server.setIoWorkerCount(limits.ioThreads());
        server.setBossWorkerCount(Optional.empty());
        // Netty's graceful shutdown waits a 2 s quiet period per event-loop group; closing drops the connections anyway
        server.setGracefulShutdown(false);
        return server;
    }

    /** The commands among USER, PASS and AUTH that some handler of the chain implements. */
    private static Set<String> loginCommands(List<ProtocolHandler> handlers) {
        Set<String> out = new HashSet<>();
        for (ProtocolHandler handler : handlers) {
            if (handler instanceof CommandHandler<?> command) {
                command.getImplCommands().stream().filter(CleartextLoginGuard.LOGIN_COMMANDS::contains).forEach(out::add);
            }
        }
        return out;
    }

    public void start() throws Exception {
        server.bind();
        if (implicitTls.isPresent()) {
            implicitTls.get().bind();
        }
    }

    public int port() {
        return server.getListenAddresses().get(0).getPort();
    }

    /** The POP3S listener's port, when there is one. */
    public Optional<Integer> implicitTlsPort() {
        return implicitTls.map(s -> s.getListenAddresses().get(0).getPort());
    }

    @Override
    public void close() {
        implicitTls.ifPresent(EdgePop3Server::unbind);
        server.unbind();
    }
}
