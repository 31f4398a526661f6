package org.mailedge.node.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.testing.MutableClock;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;

/** The global and per-address connection limits: a refusal says [SYS/TEMP] instead of closing silently. */
class ConnectionLimitsOverSocketsTest {

    private static final String REFUSAL = "-ERR [SYS/TEMP] Too many connections, try again later.";

    private EdgeNode edge;

    @BeforeEach
    void start() throws Exception {
        edge = EdgeNode.start(ConfigLoader.parse("""
                pop3: {listen: "127.0.0.1:0", max-connections: 3, max-connections-per-address: 2}
                central: {host: 127.0.0.1, port: 1}
                notify: {enabled: false}
                cache: {enabled: false}
                admin: {enabled: false}
                """), MutableClock.atEpoch());
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void aThirdConnectionFromOneAddressIsRefusedAndAnotherAddressIsNot() throws Exception {
        try (Pop3Wire a1 = Pop3Wire.connect(edge.pop3Port());
             Pop3Wire a2 = Pop3Wire.connect(edge.pop3Port());
             Pop3Wire a3 = Pop3Wire.connect(edge.pop3Port());
             Pop3Wire b1 = Pop3Wire.connectFrom(InetAddress.getByName("127.0.0.2"), edge.pop3Port())) {
            assertThat(a1.greeting).startsWith("+OK");
            assertThat(a2.greeting).startsWith("+OK");
            assertThat(a3.greeting).isEqualTo(REFUSAL);
            assertThat(a3.closedByServer()).isTrue();
            assertThat(b1.greeting).startsWith("+OK");
        }
    }

    @Test
    void overTheGlobalLimitEveryoneIsRefusedUntilAConnectionEnds() throws Exception {
        try (Pop3Wire a = Pop3Wire.connect(edge.pop3Port());
             Pop3Wire b = Pop3Wire.connectFrom(InetAddress.getByName("127.0.0.2"), edge.pop3Port());
             Pop3Wire c = Pop3Wire.connectFrom(InetAddress.getByName("127.0.0.3"), edge.pop3Port());
             Pop3Wire d = Pop3Wire.connectFrom(InetAddress.getByName("127.0.0.4"), edge.pop3Port())) {
            assertThat(d.greeting).isEqualTo(REFUSAL);
            a.ask("QUIT");
            Poll.until(Duration.ofSeconds(10), "a connection is admitted again", () -> {
                try (Pop3Wire e = Pop3Wire.connectFrom(InetAddress.getByName("127.0.0.5"), edge.pop3Port())) {
                    return e.greeting.startsWith("+OK");
                }
            });
        }
    }
}
