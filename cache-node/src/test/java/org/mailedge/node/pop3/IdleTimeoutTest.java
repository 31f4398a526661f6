package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.apache.james.protocols.pop3.POP3Configuration;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.POP3SessionImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session timer on virtual time: Netty's embedded channel with its clock frozen and
 * advanced by hand, and the same instants fed to the timer's idle measure. No test waits.
 */
class IdleTimeoutTest {

    private static final Duration BEFORE_LOGIN = Duration.ofSeconds(60);
    /** RFC 1939 §3's floor, which the configuration enforces (ConfigLoaderTest). */
    private static final Duration AFTER_LOGIN = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong();
    private EmbeddedChannel channel;

    @BeforeEach
    void open() throws Exception {
        channel = new EmbeddedChannel(false, false); // not registered yet: the clock freezes first
        channel.freezeTime();
        channel.pipeline().addLast(new IdleTimeout(BEFORE_LOGIN, AFTER_LOGIN, now::get));
        channel.register();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    private void logIn() {
        POP3SessionImpl session = new POP3SessionImpl(new NettyProtocolTransport(channel, null, false), new POP3Configuration());
        session.setHandlerState(POP3Session.TRANSACTION);
        channel.attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).set(session);
    }

    @Test
    void beforeLoginTheShortLimitClosesTheConnectionWithoutAReply() {
        advance(BEFORE_LOGIN.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aCommandRestartsTheMeasure() {
        advance(Duration.ofSeconds(50));
        channel.writeInbound(Unpooled.copiedBuffer(new byte[] {'N', 'O', 'O', 'P', '\r', '\n'}));
        advance(Duration.ofSeconds(50));
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofSeconds(10));
        assertThat(channel.isOpen()).isFalse();
        channel.releaseInbound();
    }

    @Test
    void afterLoginTheConnectionLivesTenMinutesIdleThenClosesSilentlyWithoutUpdate() {
        logIn();
        advance(AFTER_LOGIN.minusSeconds(1));
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(channel.isOpen()).isFalse();
        // no reply at all: QUIT never ran, so nothing entered UPDATE (RFC 1939 §3, §6)
        assertThat((Object) channel.readOutbound()).isNull();
    }
}
