package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageBodiesTest {

    @Test
    void aBodyHasAboutTheLengthAskedForInShortCrlfLines() {
        String body = MessageBodies.body("sub0001", "m000001", 30_000);

        assertThat(body.length()).isBetween(30_000, 30_100);
        assertThat(body).endsWith("\r\n").doesNotContain("\n\n");
        assertThat(body.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(72));
    }

    @Test
    void aLongBodyHasALineStartingWithADotForTheByteStuffingPath() {
        assertThat(MessageBodies.body("sub0001", "m000001", 30_000)).contains("\r\n.signature");
        assertThat(MessageBodies.body("sub0001", "m000001", 1_000)).doesNotContain("\r\n.");
    }

    @Test
    void aboutAQuarterOfTheLengthsAreTensOfKilobytes() {
        SplittableRandom random = new SplittableRandom(3);
        int large = 0;
        for (int i = 0; i < 1000; i++) {
            int length = MessageBodies.drawLength(random);
            assertThat(length).isBetween(MessageBodies.SHORT_MIN, MessageBodies.LONG_MAX);
            large += length >= MessageBodies.LONG_MIN ? 1 : 0;
        }
        assertThat(large).isBetween(200, 300);
    }
}
