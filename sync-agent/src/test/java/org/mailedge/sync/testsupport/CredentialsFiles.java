package org.mailedge.sync.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.credentials.CredentialsException;
import org.mailedge.sync.credentials.PerUserCredentialsFile;

/** Writes an operator's credentials file, mode 600, and loads it. */
public final class CredentialsFiles {

    private CredentialsFiles() {
    }

    public static Path write(Path directory, String content) throws IOException {
        Path file = directory.resolve("central-credentials");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    public static CentralCredentials load(Path directory, String content) throws IOException, CredentialsException {
        return PerUserCredentialsFile.load(write(directory, content));
    }
}
