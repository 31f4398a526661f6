package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.subethamail.smtp.RejectException;

class RecipientNameTest {

    @Test
    void theUserIsTheLocalPartWithItsCaseKept() throws RejectException {
        assertThat(RecipientName.userOf("user0001@edge.example")).isEqualTo("user0001");
        assertThat(RecipientName.userOf("User.Name+tag@Edge.Example")).isEqualTo("User.Name+tag");
    }

    @Test
    void theLocalPartEndsAtTheLastAt() throws RejectException {
        assertThat(RecipientName.userOf("\"a@b\"@edge.example")).isEqualTo("\"a@b\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "@edge.example         | 501",
            "``                    | 501",
            "user0001              | 501",
            "user0001@             | 501",
            "`us er@edge.example`  | 553",
            "`us\ter@edge.example` | 553",
            "caf\u00e9@edge.example     | 553",
            "`us\u007fer@edge.example` | 553"})
    void aRecipientThatCannotNameAPop3UserIsRefused(String address, int code) {
        assertThatThrownBy(() -> RecipientName.userOf(address))
                .isInstanceOfSatisfying(RejectException.class, e -> assertThat(e.getCode()).isEqualTo(code))
                .hasMessageStartingWith("5.1.3 ");
    }
}
