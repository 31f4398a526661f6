package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.Pop3Wire;
import org.slf4j.LoggerFactory;

/** Logs are for operators: a summary line per session, the session's MDC, and never a password, at any level. */
class PasswordsNeverLoggedTest {

    private static final String PASSWORD = "Tr0ub4dor-and-3";
    private static final String WRONG = "c0rrect-h0rse-wrong";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<Logger, Level> saved = new HashMap<>();
    private CentralAndEdge node;

    @BeforeEach
    void captureEverythingAtDebug() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : context.getLoggerList()) {
            saved.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        node = CentralAndEdge.start();
        node.user("alice", PASSWORD);
    }

    @AfterEach
    void restore() {
        node.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        saved.forEach(Logger::setLevel);
    }

    @Test
    void noPasswordAppearsInAnyLogLineAndEachSessionHasOneSummary() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", PASSWORD);
            pop.ask("QUIT");
        }
        node.clock.advance(Duration.ofMinutes(1));
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", PASSWORD);
            pop.ask("QUIT");
        }
        try (Pop3Wire pop = node.connect()) {
            pop.ask("USER alice");
            pop.ask("PASS " + WRONG);
            pop.ask("QUIT");
        }
        node.close();

        assertThat(captured.list).isNotEmpty();
        for (ILoggingEvent event : captured.list) {
            if (event.getLoggerName().startsWith("com.icegreen")) {
                continue; // the test's central server logs its own wire at DEBUG: not the edge's log
            }
            String text = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(WRONG);
        }
        assertThat(captured.list.stream().filter(e -> e.getLoggerName().equals("mailedge.session"))
                .map(ILoggingEvent::getFormattedMessage))
                .hasSize(3)
                .anySatisfy(l -> assertThat(l).contains("user=alice").contains("mode=through").contains("result=quit"))
                .anySatisfy(l -> assertThat(l).contains("user=alice").contains("mode=attenuated"))
                .anySatisfy(l -> assertThat(l).contains("mode=refused"));
    }

    @Test
    void linesLoggedDuringASessionCarryItsUserClientAndSessionInTheMdcButNoPassword() throws Exception {
        try (Pop3Wire pop = node.connect()) {
            pop.login("alice", PASSWORD);
            pop.ask("STAT");
            pop.ask("QUIT");
        }
        node.close();

        List<ILoggingEvent> summaries = captured.list.stream()
                .filter(e -> e.getLoggerName().equals("mailedge.session")).toList();
        assertThat(summaries).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap())
                .containsEntry("user", "alice")
                .containsEntry("client", "127.0.0.1")
                .containsKey("session"));
        String session = summaries.get(0).getMDCPropertyMap().get("session");
        assertThat(session).isNotBlank();
        // the central login and the QUIT's UPDATE run on central-io workers: the session's MDC goes with them
        List<ILoggingEvent> onWorkers = captured.list.stream()
                .filter(e -> e.getThreadName().startsWith("central-io") && e.getLoggerName().startsWith("org.mailedge.sync"))
                .toList();
        assertThat(onWorkers).as("the central client's DEBUG lines on the workers").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                        .containsEntry("session", session)
                        .containsEntry("client", "127.0.0.1")
                        .containsEntry("user", "alice"));
        for (ILoggingEvent event : captured.list) {
            assertThat(event.getMDCPropertyMap().values()).noneMatch(v -> v.contains(PASSWORD));
        }
    }
}
