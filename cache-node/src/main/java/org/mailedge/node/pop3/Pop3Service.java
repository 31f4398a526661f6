package org.mailedge.node.pop3;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
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
import org.mailedge.node.proxy.ConnectionAdmission;

/**
 * The edge's POP3 service: James' command handlers for what the edge answers from the
 * session's listing (STAT, LIST, UIDL, DELE, RSET, NOOP, USER), the edge's own for what
 * involves the attenuation table or the central server (PASS, AUTH, RETR, TOP, QUIT), and CAPA.
 * APOP is not in the chain, so it gets {@code -ERR} like any unknown command. In delay mode
 * the replies of STAT, LIST, UIDL and QUIT wait ({@link DelayedReply}).
 */
public final class Pop3Service implements AutoCloseable {

    private final EdgePop3Server server;

    public Pop3Service(SessionServices services, Pop3Limits limits, InetSocketAddress listen, String hostName,
                       Optional<Long> loginDelaySeconds) {
        NoopMetricFactory metrics = new NoopMetricFactory();
        UserAddressSessions perUserAndAddress =
                new UserAddressSessions(new PerUserAndAddress(limits.maxConnectionsPerUserAndAddress()));
        SessionCloser closer = new SessionCloser(services.centralIo(), perUserAndAddress, services.counters());
        Login login = new Login(services, perUserAndAddress);
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        // the dispatcher must be the chain's first line handler
        chain.addAll(List.of(
                new CommandDispatcher<POP3Session>(),
                new Greeting(hostName),
                new CapaCmd(loginDelaySeconds, "Mail-Edge"),
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
        ConnectionAdmission admission = new ConnectionAdmission(limits.proxyProtocol(),
                new ConnectionCounts(limits.maxConnections(), limits.maxConnectionsPerAddress()));
        this.server = new EdgePop3Server(protocol, closer, limits.maxLineLength(), limits.idleBeforeLogin(),
                limits.idleAfterLogin(), admission);
        server.countConnections(services.counters());
        server.setListenAddresses(listen);
        server.setIoWorkerCount(limits.ioThreads());
        server.setBossWorkerCount(Optional.empty());
        // Netty's graceful shutdown waits a 2 s quiet period per event-loop group; closing drops the connections anyway
        server.setGracefulShutdown(false);
    }

    public void start() throws Exception {
        server.bind();
    }

    public int port() {
        return server.getListenAddresses().get(0).getPort();
    }

    @Override
    public void close() {
        server.unbind();
    }
}
