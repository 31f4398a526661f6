package org.mailedge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Passwords are relayed, never logged, even at DEBUG and even when the login fails. */
class PasswordLoggingTest {

    private static final String PASSWORD = ScriptedServer.PASSWORD;

    private final Logger logger = (Logger) LoggerFactory.getLogger("org.mailedge.sync");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level previousLevel;
    private ScriptedServer server;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void restoreLogs() throws Exception {
        logger.detachAppender(events);
        logger.setLevel(previousLevel);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePasswordAppearsInNoLogEventWhileTheCommandsDo() throws Exception {
        server = ScriptedServer.start(peer -> {
            peer.send("+OK ready\r\n");
            peer.expect("USER " + ScriptedServer.USER);
            peer.send("+OK\r\n");
            peer.expect("PASS " + PASSWORD);
            peer.send("-ERR [AUTH] no\r\n");
            peer.expect("USER " + ScriptedServer.USER);
            peer.send("+OK\r\n");
            peer.expect("PASS " + PASSWORD);
            // A confused server echoing the command: the failure path logs too.
            peer.send("?? unknown command PASS " + PASSWORD + "\r\n");
            peer.drainUntilClosed();
        });

        CentralProtocolException failure;
        try (CentralSession session = CentralSession.open(server.endpoint())) {
            session.login(ScriptedServer.USER, PASSWORD);
            failure = catchThrowableOfType(CentralProtocolException.class,
                    () -> session.login(ScriptedServer.USER, PASSWORD));
        }

        assertThat(failure).isNotNull().hasNoCause();
        assertThat(failure.getMessage()).doesNotContain(PASSWORD);
        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(message -> message.contains("PASS"))
                .noneMatch(message -> message.contains(PASSWORD));
    }
}
