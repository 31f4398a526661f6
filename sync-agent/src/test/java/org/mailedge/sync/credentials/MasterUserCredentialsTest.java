package org.mailedge.sync.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The master-user login name, Dovecot style. GreenMail has no master users, so the wire
 * behaviour is covered by the Dovecot interop suite; the name construction is covered here.
 */
class MasterUserCredentialsTest {

    private static final String MASTER_PASSWORD = "M4ster-Secret";

    @Test
    void theLoginIsUserThenSeparatorThenMasterNameWithTheMasterPassword() {
        CentralCredentials credentials = new MasterUserCredentials("edge", MASTER_PASSWORD);

        assertThat(credentials.forUser("user0001")).contains(new CentralLogin("user0001*edge", MASTER_PASSWORD));
    }

    @Test
    void theSeparatorIsConfigurable() {
        MasterUserCredentials credentials = new MasterUserCredentials("edge", MASTER_PASSWORD, "%");

        assertThat(credentials.loginName("user0001")).contains("user0001%edge");
    }

    @Test
    void aMultiCharSeparatorIsUsedAsIs() {
        assertThat(new MasterUserCredentials("edge", MASTER_PASSWORD, "**").loginName("alice"))
                .contains("alice**edge");
    }

    @Test
    void theConfigChoosesTheMasterUserSource() throws Exception {
        CentralCredentials credentials = new CredentialsConfig.MasterUser("edge", MASTER_PASSWORD).open();

        assertThat(credentials.forUser("bob")).contains(new CentralLogin("bob*edge", MASTER_PASSWORD));
        assertThat(credentials.describe()).contains("edge").doesNotContain(MASTER_PASSWORD);
    }

    @Nested
    class RefusedUserNames {

        @Test
        void aUserNameContainingTheSeparatorIsRefusedBecauseTheServerWouldSplitItElsewhere() {
            MasterUserCredentials credentials = new MasterUserCredentials("edge", MASTER_PASSWORD);

            assertThat(credentials.forUser("mallory*admin")).isEmpty();
        }

        @Test
        void anEmptyUserNameIsRefused() {
            assertThat(new MasterUserCredentials("edge", MASTER_PASSWORD).forUser("")).isEmpty();
        }
    }

    @Nested
    class InvalidConfiguration {

        @Test
        void anEmptyMasterNameIsRejected() {
            assertThatThrownBy(() -> new MasterUserCredentials("", MASTER_PASSWORD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masterName");
        }

        @Test
        void aMasterNameContainingTheSeparatorIsRejected() {
            assertThatThrownBy(() -> new MasterUserCredentials("ed*ge", MASTER_PASSWORD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separator");
        }

        @Test
        void aBlankSeparatorIsRejected() {
            assertThatThrownBy(() -> new MasterUserCredentials("edge", MASTER_PASSWORD, " "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separator");
        }

        @Test
        void aMasterPasswordThatCannotGoOnTheWireIsRejectedAtOnce() {
            assertThatThrownBy(() -> new MasterUserCredentials("edge", "line\r\nDELE 1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be sent").hasMessageNotContaining("DELE");
        }

        @Test
        void anEmptyMasterPasswordIsRejectedWithoutQuotingAnything() {
            assertThatThrownBy(() -> new MasterUserCredentials("edge", ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masterPassword");
        }
    }

    @Nested
    class PasswordsStayOutOfText {

        @Test
        void aLoginsToStringWithholdsThePassword() {
            assertThat(new CentralLogin("alice*edge", MASTER_PASSWORD).toString())
                    .contains("alice*edge").doesNotContain(MASTER_PASSWORD);
        }

        @Test
        void theSourceAndItsConfigWithholdThePassword() {
            assertThat(new MasterUserCredentials("edge", MASTER_PASSWORD).toString()).doesNotContain(MASTER_PASSWORD);
            assertThat(new CredentialsConfig.MasterUser("edge", MASTER_PASSWORD).toString())
                    .doesNotContain(MASTER_PASSWORD);
        }
    }
}
