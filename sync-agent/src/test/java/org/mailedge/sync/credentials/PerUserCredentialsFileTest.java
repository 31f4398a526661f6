package org.mailedge.sync.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerUserCredentialsFileTest {

    @TempDir
    Path dir;

    private Path write(String content, String mode) throws Exception {
        return write(content.getBytes(StandardCharsets.UTF_8), mode);
    }

    private Path write(byte[] content, String mode) throws Exception {
        Path file = dir.resolve("credentials");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Nested
    class Format {

        @Test
        void bothSpaceAndColonSeparatedLinesAreRead() throws Exception {
            PerUserCredentialsFile file = PerUserCredentialsFile.load(write("""
                    # central passwords for prefetch
                    alice secret-a

                    bob:secret-b
                    \tcarol \t secret-c
                    """, "rw-------"));

            assertThat(file.size()).isEqualTo(3);
            assertThat(file.forUser("alice")).contains(new CentralLogin("alice", "secret-a"));
            assertThat(file.forUser("bob")).contains(new CentralLogin("bob", "secret-b"));
            assertThat(file.forUser("carol")).contains(new CentralLogin("carol", "secret-c"));
        }

        @Test
        void thePasswordIsTheRestOfTheLineWithSpacesColonsAndHashes() throws Exception {
            PerUserCredentialsFile file = PerUserCredentialsFile.load(write(
                    "alice:pass word: #not a comment\ndave a:b c\n", "rw-------"));

            assertThat(file.forUser("alice").orElseThrow().password()).isEqualTo("pass word: #not a comment");
            assertThat(file.forUser("dave").orElseThrow().password()).isEqualTo("a:b c");
        }

        @Test
        void crlfLineEndsAndTrailingBlanksAreNotPartOfThePassword() throws Exception {
            PerUserCredentialsFile file = PerUserCredentialsFile.load(write("alice secret \t\r\nbob:x\r\n", "rw-------"));

            assertThat(file.forUser("alice").orElseThrow().password()).isEqualTo("secret");
            assertThat(file.forUser("bob").orElseThrow().password()).isEqualTo("x");
        }

        @Test
        void passwordOctetsAreKeptOneCharPerOctetSoUtf8ReachesTheServerUnchanged() throws Exception {
            byte[] utf8 = "alice Pässwörd\n".getBytes(StandardCharsets.UTF_8);
            PerUserCredentialsFile file = PerUserCredentialsFile.load(write(utf8, "rw-------"));

            String expected = new String("Pässwörd".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            assertThat(file.forUser("alice").orElseThrow().password()).isEqualTo(expected);
        }

        @Test
        void aUserNotInTheFileHasNoCredentials() throws Exception {
            assertThat(PerUserCredentialsFile.load(write("alice a\n", "rw-------")).forUser("bob")).isEmpty();
        }

        @Test
        void theConfigChoosesTheFileSource() throws Exception {
            CentralCredentials credentials = new CredentialsConfig.PerUserFile(write("alice a\n", "rw-------")).open();

            assertThat(credentials.forUser("alice")).contains(new CentralLogin("alice", "a"));
        }
    }

    @Nested
    class MalformedFiles {

        @Test
        void aLineWithoutPasswordNamesTheLineNumber() throws Exception {
            Path file = write("alice secret\nbob\n", "rw-------");

            assertThatThrownBy(() -> PerUserCredentialsFile.load(file))
                    .isInstanceOf(CredentialsException.class)
                    .hasMessageContaining("line 2").hasMessageContaining("no password");
        }

        @Test
        void anEmptyPasswordAfterAColonIsRefused() throws Exception {
            Path file = write("alice:\n", "rw-------");

            assertThatThrownBy(() -> PerUserCredentialsFile.load(file))
                    .hasMessageContaining("line 1").hasMessageContaining("empty password");
        }

        @Test
        void aUserListedTwiceIsRefusedWithoutQuotingEitherPassword() throws Exception {
            Path file = write("alice first-secret\nalice second-secret\n", "rw-------");

            assertThatThrownBy(() -> PerUserCredentialsFile.load(file))
                    .hasMessageContaining("line 2").hasMessageContaining("listed twice")
                    .hasMessageNotContaining("first-secret").hasMessageNotContaining("second-secret");
        }

        @Test
        void aControlCharInAPasswordIsRefused() throws Exception {
            Path file = write("alice sec\u0000ret\n", "rw-------");

            assertThatThrownBy(() -> PerUserCredentialsFile.load(file))
                    .hasMessageContaining("control char").hasMessageNotContaining("sec");
        }

        @Test
        void aMissingFileSaysSo() {
            assertThatThrownBy(() -> PerUserCredentialsFile.load(dir.resolve("nope")))
                    .isInstanceOf(CredentialsException.class).hasMessageContaining("does not exist");
        }
    }

    @Nested
    class Protection {

        @Test
        void aWorldReadableFileIsRefusedWithAClearError() throws Exception {
            Path file = write("alice secret\n", "rw-r--r--");

            assertThatThrownBy(() -> PerUserCredentialsFile.load(file))
                    .isInstanceOf(CredentialsException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("readable by all users")
                    .hasMessageContaining("rw-r--r--")
                    .hasMessageContaining("chmod 600")
                    .hasMessageNotContaining("secret");
        }

        @Test
        void aWorldWritableFileIsRefused() throws Exception {
            Path file = write("alice secret\n", "rw-rw--w-");

            assertThatThrownBy(() -> PerUserCredentialsFile.load(file)).hasMessageContaining("writable by all users");
        }

        @Test
        void aGroupReadableFileIsAccepted() throws Exception {
            assertThat(PerUserCredentialsFile.load(write("alice secret\n", "rw-r-----")).size()).isEqualTo(1);
        }
    }

    @Nested
    class Changes {

        @Test
        void aChangedFileIsReadAgainSoAnOperatorCanAddAUser() throws Exception {
            Path path = write("alice a\n", "rw-------");
            PerUserCredentialsFile file = PerUserCredentialsFile.load(path);

            Files.writeString(path, "alice a\nbob b\n");
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(60)));

            assertThat(file.forUser("bob")).contains(new CentralLogin("bob", "b"));
        }

        @Test
        void aChangedFileThatBecameUnsafeIsNotUsedAndThePreviousUsersStay() throws Exception {
            Path path = write("alice a\n", "rw-------");
            PerUserCredentialsFile file = PerUserCredentialsFile.load(path);

            Files.writeString(path, "alice a\nbob b\n");
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(60)));

            assertThat(file.forUser("bob")).isEmpty();
            assertThat(file.forUser("alice")).contains(new CentralLogin("alice", "a"));
        }

        @Test
        void fixingTheModeOfARefusedChangeTakesEffectWithoutAnEdit() throws Exception {
            Path path = write("alice a\n", "rw-------");
            PerUserCredentialsFile file = PerUserCredentialsFile.load(path);
            Files.writeString(path, "alice a\nbob b\n");
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(60)));
            assertThat(file.forUser("bob")).isEmpty();

            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));

            assertThat(file.forUser("bob")).contains(new CentralLogin("bob", "b"));
        }
    }
}
