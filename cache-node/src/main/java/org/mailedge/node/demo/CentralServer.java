package org.mailedge.node.demo;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.pop3.Pop3Connection;
import com.icegreen.greenmail.pop3.Pop3Handler;
import com.icegreen.greenmail.pop3.Pop3Server;
import com.icegreen.greenmail.pop3.Pop3State;
import com.icegreen.greenmail.pop3.commands.Pop3Command;
import com.icegreen.greenmail.pop3.commands.Pop3CommandRegistry;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail as the demo's central server, made to behave like a production POP3 server in
 * two ways that matter to an edge in front of it; the protocol it speaks is unchanged.
 *
 * <ul>
 *   <li><b>A fixed maildrop per session.</b> POP3 sessions take the {@link MaildropLocks}
 *       maildrop lock once logged in, one session of a maildrop at a time, and the demo's
 *       deliveries wait for it, so UIDL, LIST and message numbers of one session agree, as
 *       at a server that locks or snapshots the maildrop at login (RFC 1939 §8). GreenMail
 *       alone lists the live folder on every command.</li>
 *   <li><b>No Nagle stalls.</b> GreenMail writes each line of a multi-line reply (UIDL,
 *       LIST, EHLO) with its own write; with Nagle's algorithm the second line waits for
 *       the client's delayed ACK, up to 40 ms per reply, about 200 ms per session that
 *       goes through the edge. Its accepted sockets disable Nagle's algorithm.</li>
 * </ul>
 */
final class CentralServer extends GreenMail {

    private final MaildropLocks maildrops = new MaildropLocks();

    CentralServer(ServerSetup... setups) {
        super(setups);
    }

    /** The lock the demo's deliveries take. */
    MaildropLocks maildrops() {
        return maildrops;
    }

    // Called from GreenMail's constructor, before this class's fields are set: the servers
    // made here read them only when a client connects.
    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        Map<String, AbstractServer> services = super.createServices(config, managers);
        services.replaceAll((protocol, server) -> switch (protocol) {
            case ServerSetup.PROTOCOL_POP3 -> new LockingPop3Server(server.getServerSetup(), managers);
            case ServerSetup.PROTOCOL_SMTP -> new SmtpServer(server.getServerSetup(), managers) {
                @Override
                protected void handleClientSocket(Socket socket) throws SocketException {
                    socket.setTcpNoDelay(true);
                    super.handleClientSocket(socket);
                }
            };
            default -> server;
        });
        return services;
    }

    private final class LockingPop3Server extends Pop3Server {

        LockingPop3Server(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected void handleClientSocket(Socket socket) throws SocketException {
            socket.setTcpNoDelay(true);
            super.handleClientSocket(socket);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            SessionHold hold = new SessionHold(maildrops);
            return new Pop3Handler(new HoldingRegistry(hold), managers.getUserManager(), socket) {
                @Override
                public void run() {
                    try {
                        super.run();
                    } finally {
                        hold.release();
                    }
                }
            };
        }
    }

    /** One POP3 session's hold on the maildrop of the user it logged in as. Used by the session's own thread. */
    private static final class SessionHold {
        private final MaildropLocks maildrops;
        private String login;

        SessionHold(MaildropLocks maildrops) {
            this.maildrops = maildrops;
        }

        void afterCommand(Pop3State state) {
            if (login == null && state.isAuthenticated()) {
                login = state.getUser().getLogin();
                maildrops.openSession(login);
            }
        }

        void release() {
            if (login != null) {
                maildrops.closeSession(login);
                login = null;
            }
        }
    }

    /** GreenMail's commands, each followed by taking the maildrop once the session has logged in (PASS, APOP or AUTH). */
    private static final class HoldingRegistry extends Pop3CommandRegistry {
        private final SessionHold hold;

        HoldingRegistry(SessionHold hold) {
            this.hold = hold;
        }

        @Override
        public Pop3Command getCommand(String name) {
            Pop3Command command = super.getCommand(name);
            if (command == null) {
                return null;
            }
            return new Pop3Command() {
                @Override
                public boolean isValidForState(Pop3State state) {
                    return command.isValidForState(state);
                }

                @Override
                public void execute(Pop3Connection conn, Pop3State state, String line) {
                    command.execute(conn, state, line);
                    hold.afterCommand(state);
                }
            };
        }
    }
}
