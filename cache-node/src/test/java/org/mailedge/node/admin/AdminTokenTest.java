package org.mailedge.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    private static final String TOKEN = "3f9c2a7be41d08c65f1e";

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void onlyTheBearerOfTheTokenIsAdmitted() throws Exception {
        AdminToken token = AdminToken.read(file(TOKEN + "\n", "rw-------"));
        assertThat(token.admits("Bearer " + TOKEN)).isTrue();
        assertThat(token.admits("bearer " + TOKEN)).as("the scheme is case-insensitive (RFC 9110 §11.1)").isTrue();
        assertThat(token.admits("Bearer " + TOKEN + "x")).isFalse();
        assertThat(token.admits("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(token.admits("Basic " + TOKEN)).isFalse();
        assertThat(token.admits(TOKEN)).isFalse();
        assertThat(token.admits(null)).isFalse();
        assertThat(token.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        Path file = file(TOKEN, "rw-r--r--");
        assertThatThrownBy(() -> AdminToken.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("readable by group or others: chmod 600");
    }

    @Test
    void aShortTokenIsRefusedWithAnExampleOfAGoodOne() throws Exception {
        Path file = file("secret", "rw-------");
        assertThatThrownBy(() -> AdminToken.read(file)).hasMessageContaining("at least 16 characters")
                .hasMessageContaining("openssl rand -hex 24");
    }

    @Test
    void aTokenWithBlanksOrSeveralLinesIsRefused() throws Exception {
        Path twoLines = file(TOKEN + "\n" + TOKEN, "rw-------");
        assertThatThrownBy(() -> AdminToken.read(twoLines)).hasMessageContaining("on one line");
        Path blank = file("3f9c2a7be41d 08c65f1e99", "rw-------");
        assertThatThrownBy(() -> AdminToken.read(blank)).hasMessageContaining("without spaces");
    }
}
