package org.mailedge.node.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireMessageTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesStartingWithADotGetASecondOne() {
        assertThat(text(WireMessage.stuffed(bytes(".first\r\nmid.dle\r\n.\r\n..two\r\n"))))
                .isEqualTo("..first\r\nmid.dle\r\n..\r\n...two\r\n");
    }

    @Test
    void aDotAfterABareLineFeedStartsNoLine() {
        assertThat(text(WireMessage.stuffed(bytes("a\n.b\r\n")))).isEqualTo("a\n.b\r\n");
    }

    @Test
    void aMessageNotEndingInCrlfIsTerminated() {
        assertThat(text(WireMessage.stuffed(bytes("no line end")))).isEqualTo("no line end\r\n");
        assertThat(text(WireMessage.stuffed(bytes("")))).isEqualTo("\r\n");
    }

    @Test
    void eightBitBytesPassUnchanged() {
        byte[] message = {(byte) 0xC3, (byte) 0xBC, '\r', '\n', (byte) 0xFF, '\r', '\n'};
        assertThat(WireMessage.stuffed(message)).isEqualTo(message);
    }

    @Test
    void topKeepsTheHeaderTheBlankLineAndTheFirstBodyLines() {
        byte[] message = bytes("Subject: x\r\nFrom: y\r\n\r\none\r\ntwo\r\nthree\r\n");
        assertThat(text(WireMessage.top(message, 0))).isEqualTo("Subject: x\r\nFrom: y\r\n\r\n");
        assertThat(text(WireMessage.top(message, 2))).isEqualTo("Subject: x\r\nFrom: y\r\n\r\none\r\ntwo\r\n");
        assertThat(WireMessage.top(message, 10)).isEqualTo(message);
    }

    @Test
    void topOfAMessageWithoutBodyIsTheWholeMessage() {
        byte[] message = bytes("Subject: x\r\n");
        assertThat(WireMessage.top(message, 3)).isEqualTo(message);
    }
}
