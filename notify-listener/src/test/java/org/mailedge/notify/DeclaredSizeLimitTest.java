package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class DeclaredSizeLimitTest {

    @Test
    void theSizeParameterIsFoundAmongOthersInAnyCase() {
        assertThat(DeclaredSizeLimit.declaredSize("MAIL FROM:<a@b> SIZE=2048 BODY=8BITMIME")).hasValue(2048);
        assertThat(DeclaredSizeLimit.declaredSize("MAIL FROM:<a@b> body=8bitmime size=10")).hasValue(10);
    }

    @Test
    void noOrMalformedSizeMeansNoDeclaration() {
        assertThat(DeclaredSizeLimit.declaredSize("MAIL FROM:<a@b>")).isEqualTo(OptionalLong.empty());
        assertThat(DeclaredSizeLimit.declaredSize("MAIL FROM:<a@b> SIZE=")).isEmpty();
        assertThat(DeclaredSizeLimit.declaredSize("MAIL FROM:<a@b> SIZE=12k")).isEmpty();
    }

    @Test
    void aValueTooLargeForALongIsTheLargestLong() {
        assertThat(DeclaredSizeLimit.declaredSize("MAIL FROM:<a@b> SIZE=99999999999999999999")).hasValue(Long.MAX_VALUE);
    }
}
