package org.mailedge.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailedge.sync.credentials.CentralLogin;
import org.mailedge.sync.credentials.PerUserCredentialsFile;

/** The demo writes the credentials file the way the edge's own reader accepts it. */
class CredentialsFileTest {

    @TempDir
    Path directory;

    @Test
    void theEdgeReadsEverySubscribersPasswordFromIt() throws Exception {
        Population population = Population.of(20, 1);

        Path file = CredentialsFile.write(directory, population.subscribers());

        PerUserCredentialsFile read = PerUserCredentialsFile.load(file);
        assertThat(read.size()).isEqualTo(20);
        Subscriber first = population.subscribers().get(0);
        assertThat(read.forUser(first.login())).contains(new CentralLogin(first.login(), first.password()));
    }

    @Test
    void onlyItsOwnerMayReadIt() throws Exception {
        Path file = CredentialsFile.write(directory, Population.of(2, 1).subscribers());

        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }
}
