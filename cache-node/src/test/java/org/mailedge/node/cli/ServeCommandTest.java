package org.mailedge.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void anInvalidConfigurationExitsWithStatusTwoAndNamesTheKey() throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "central:\n  port: 99999\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            status = new CommandLine(new MailEdgeCommand()).execute("serve", "--config", file.toString());
        } finally {
            System.setErr(saved);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("central.port: must be a whole number from 1 to 65535, found '99999'");
    }

    @Test
    void aMissingFileExitsWithStatusTwo() {
        int status = new CommandLine(new MailEdgeCommand()).execute("serve", "--config", dir.resolve("absent.yaml").toString());
        assertThat(status).isEqualTo(2);
    }

    @Test
    void versionAndHelpAreAnswered() {
        CommandLine cli = new CommandLine(new MailEdgeCommand());
        assertThat(cli.execute("--version")).isZero();
        assertThat(cli.execute("--help")).isZero();
        assertThat(cli.getUsageMessage()).contains("serve").contains("demo");
    }
}
