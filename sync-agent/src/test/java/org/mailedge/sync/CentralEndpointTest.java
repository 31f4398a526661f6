package org.mailedge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CentralEndpointTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void defaultsAreTenSecondsToConnectSixtyToReadEightKibLinesAndSixtyFourMibResponses() {
        CentralEndpoint endpoint = CentralEndpoint.of("pop.example.net", 110);

        assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(endpoint.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(endpoint.maxLineLength()).isEqualTo(8192);
        assertThat(endpoint.maxResponseBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void portsOutsideTheTcpRangeAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> CentralEndpoint.of("h", 0)).hasMessageContaining("port must be 1..65535");
        assertThatThrownBy(() -> CentralEndpoint.of("h", 65536)).hasMessageContaining("port");
        assertThat(CentralEndpoint.of("h", 65535).port()).isEqualTo(65535);
    }

    @Test
    void aBlankHostIsRejected() {
        assertThatThrownBy(() -> CentralEndpoint.of(" ", 110)).hasMessageContaining("host");
    }

    @Test
    void lineCapsBelowTheRfc1939ReplyLengthAreRejected() {
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, SECOND, SECOND, 511, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLineLength")
                .hasMessageContaining("RFC 1939");
        assertThat(new CentralEndpoint("h", 110, SECOND, SECOND, 512, 1024).maxLineLength()).isEqualTo(512);
    }

    @Test
    void responseCapsMustBePositiveAndFitInAByteArray() {
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, SECOND, SECOND, 512, 0))
                .hasMessageContaining("maxResponseBytes");
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, SECOND, SECOND, 512, Integer.MAX_VALUE))
                .hasMessageContaining("maxResponseBytes");
    }

    @Test
    void timeoutsThatASocketWouldReadAsInfiniteAreRejected() {
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, Duration.ZERO, SECOND, 512, 1024))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, SECOND, Duration.ofNanos(999_999), 512, 1024))
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, SECOND, Duration.ofSeconds(-1), 512, 1024))
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> new CentralEndpoint("h", 110, Duration.ofDays(30), SECOND, 512, 1024))
                .hasMessageContaining("connectTimeout");
    }
}
