package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NewUidsHeaderTest {

    @Test
    void theUidsAreReadInTheOrderSent() {
        assertThat(NewUidsHeader.parse("Subject: x\r\nX-MailEdge-New-UIDs: 1697.abc 1698.def\r\n\r\n"))
                .containsExactly("1697.abc", "1698.def");
    }

    @Test
    void noHeaderMeansNoUids() {
        assertThat(NewUidsHeader.parse("Subject: x\r\n\r\n")).isEmpty();
        assertThat(NewUidsHeader.parse("")).isEmpty();
    }

    @Test
    void theFieldNameIsCaseInsensitiveAndMayHaveWhiteSpaceBeforeTheColon() {
        assertThat(NewUidsHeader.parse("x-mailedge-new-uids : a\r\n\r\n")).containsExactly("a");
    }

    @Test
    void foldedFieldsAndRepeatedFieldsAreCombinedWithoutDuplicates() {
        String header = "X-MailEdge-New-UIDs: a\r\n\tb  c\r\nSubject: x\r\nX-MailEdge-New-UIDs: c d\r\n\r\n";

        assertThat(NewUidsHeader.parse(header)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void tokensThatCannotBeUniqueIdsAreDropped() {
        String tooLong = "u".repeat(NewUidsHeader.MAX_UID_LENGTH + 1);
        String longest = "u".repeat(NewUidsHeader.MAX_UID_LENGTH);

        assertThat(NewUidsHeader.parse("X-MailEdge-New-UIDs: ok " + tooLong + " caf\u00e9 " + longest + "\r\n\r\n"))
                .containsExactly("ok", longest);
    }

    @Test
    void aFieldAfterTheEmptyLineIsBodyAndIgnored() {
        assertThat(NewUidsHeader.parse("Subject: x\r\n\r\nX-MailEdge-New-UIDs: smuggled\r\n")).isEmpty();
    }

    @Test
    void aSimilarFieldNameDoesNotCount() {
        assertThat(NewUidsHeader.parse("X-MailEdge-New-UIDs-Old: a\r\nX-MailEdge-New-UID: b\r\n\r\n")).isEmpty();
    }
}
