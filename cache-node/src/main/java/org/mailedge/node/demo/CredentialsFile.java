package org.mailedge.node.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The file of central passwords the demo's edge prefetches with ({@code prefetch.login:
 * credentials-file}): one {@code user password} line per subscriber, as an operator would
 * write it, created with mode 0600 because the edge refuses a file others may read. On a
 * file system without POSIX permissions the edge accepts it with a warning.
 */
final class CredentialsFile {

    static final String NAME = "central-credentials";

    private CredentialsFile() {
    }

    /** Creates {@code directory/central-credentials}; fails if it exists. */
    static Path write(Path directory, List<Subscriber> subscribers) throws IOException {
        Path file = directory.resolve(NAME);
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        StringBuilder text = new StringBuilder("# central passwords for the edge's prefetch, written by mailedge demo\n");
        for (Subscriber s : subscribers) {
            text.append(s.login()).append(' ').append(s.password()).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }
}
