package org.mailedge.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminConfigTest {

    @TempDir
    Path dir;

    private Path token(String mode) throws Exception {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "b7f0c1d2e3a4958677a8\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void anAdminApiBeyondLoopbackWithoutATokenIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("admin: {listen: \"0.0.0.0:8025\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("admin.listen: ")
                .hasMessageContaining("needs admin.token-file");
    }

    @Test
    void withATokenFileItMayListenBeyondLoopback() throws Exception {
        EdgeConfig config = ConfigLoader.parse("admin: {listen: \"0.0.0.0:8025\", token-file: \"" + token("rw-------") + "\"}");
        assertThat(config.admin().token()).isPresent();
        assertThat(config.admin().token().get().admits("Bearer b7f0c1d2e3a4958677a8")).isTrue();
    }

    @Test
    void aTokenFileOthersCanReadIsRefusedNamingTheKey() throws Exception {
        Path file = token("rw-r--r--");
        assertThatThrownBy(() -> ConfigLoader.parse("admin: {token-file: \"" + file + "\"}"))
                .hasMessageStartingWith("admin.token-file: ")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aDisabledAdminApiNeedsNoToken() throws Exception {
        assertThat(ConfigLoader.parse("admin: {enabled: false, listen: \"0.0.0.0:8025\"}").admin().enabled()).isFalse();
    }
}
