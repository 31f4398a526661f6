package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportFormatterTest {

    @Test
    void bytesAreShownInBinaryUnitsLikeTheConfiguration() {
        assertThat(ReportFormatter.bytes(0)).isEqualTo("0 B");
        assertThat(ReportFormatter.bytes(1023)).isEqualTo("1023 B");
        assertThat(ReportFormatter.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ReportFormatter.bytes(3_500_000)).isEqualTo("3.3 MiB");
        assertThat(ReportFormatter.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }
}
