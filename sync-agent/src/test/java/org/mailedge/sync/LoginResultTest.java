package org.mailedge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LoginResultTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-ERR [IN-USE] mailbox locked     | IN-USE",
            "-ERR [SYS/TEMP] try later        | SYS/TEMP",
            "-ERR [LOGIN-DELAY] wait 300 s    | LOGIN-DELAY",
            "-ERR [AUTH] invalid credentials  | AUTH",
            "-ERR [SYS/PERM/X-VENDOR]         | SYS/PERM/X-VENDOR"})
    void theResponseCodeIsTheTextInTheLeadingBrackets(String line, String code) {
        assertThat(new LoginResult.Refused(line).responseCode()).hasValue(code);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "-ERR",
            "-ERR authentication failed",
            "-ERR  [IN-USE] two spaces",
            "-ERR [IN-USE locked",
            "-ERR []",
            "-ERR [SYS//TEMP]",
            "-ERR [/SYS]",
            "-ERR [IN USE]",
            "-ERR text [IN-USE] not leading",
            "+OK [IN-USE]"})
    void aLineWithoutAWellFormedLeadingCodeHasNone(String line) {
        assertThat(new LoginResult.Refused(line).responseCode()).isEmpty();
    }
}
