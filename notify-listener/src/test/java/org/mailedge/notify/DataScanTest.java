package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataScanTest {

    private static final int LIMIT = 1024;

    @Test
    void aWellFormedMessageYieldsItsHeaderSectionOnly() throws IOException {
        DataScan.Result result = scan("X-MailEdge-New-UIDs: a b\r\nSubject: hi\r\n\r\nbody line\r\n");

        assertThat(result).isInstanceOf(DataScan.Complete.class);
        assertThat(((DataScan.Complete) result).header())
                .isEqualTo("X-MailEdge-New-UIDs: a b\r\nSubject: hi\r\n\r\n")
                .doesNotContain("body line");
        assertThat(result.size()).isEqualTo(52);
    }

    @Test
    void aMessageWithoutHeadersHasAnEmptyHeaderSection() throws IOException {
        DataScan.Result result = scan("\r\nonly a body\r\n");

        assertThat(((DataScan.Complete) result).header()).isEqualTo("\r\n");
    }

    @Test
    void anEmptyMessageIsComplete() throws IOException {
        assertThat(scan("")).isEqualTo(new DataScan.Complete("", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Subject: a\nb\r\n\r\nbody\r\n",
            "Subject: a\rb\r\n\r\nbody\r\n",
            "Subject: a\r\n\r\nbody\n",
            "Subject: a\r\n\r\nbody\r\r\n",
            "Subject: a\r\n\r\nbody\r\n\r",
            "\n"})
    void anyBareCrOrLfIsABareLineEnd(String message) throws IOException {
        assertThat(scan(message)).isInstanceOf(DataScan.BareLineEnd.class);
    }

    @Test
    void aMessageOverTheLimitIsTooLargeAndReadToItsEnd() throws IOException {
        InputStream data = stream("Subject: a\r\n\r\n" + "x".repeat(2 * LIMIT) + "\r\n");

        DataScan.Result result = DataScan.read(data, LIMIT);

        assertThat(result).isEqualTo(new DataScan.TooLarge(2 * LIMIT + 16));
        assertThat(data.read()).isEqualTo(-1);
    }

    @Test
    void aMessageOfExactlyTheLimitIsAccepted() throws IOException {
        String message = "Subject: a\r\n\r\n" + "x".repeat(LIMIT - 16) + "\r\n";

        assertThat(scan(message)).isInstanceOf(DataScan.Complete.class);
    }

    @Test
    void aBareLineEndWinsOverTooLarge() throws IOException {
        assertThat(scan("x".repeat(2 * LIMIT) + "\n")).isInstanceOf(DataScan.BareLineEnd.class);
    }

    private static DataScan.Result scan(String message) throws IOException {
        return DataScan.read(stream(message), LIMIT);
    }

    private static InputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1));
    }
}
