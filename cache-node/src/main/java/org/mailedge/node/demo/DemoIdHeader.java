package org.mailedge.node.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code X-Demo-Id} header the mail generator puts on each message: how a client of the
 * demo tells which generated message a central UID is (GreenMail's UIDs are plain integers).
 */
final class DemoIdHeader {

    static final String NAME = "X-Demo-Id";
    private static final String PREFIX = NAME.toLowerCase(Locale.ROOT) + ":";

    private DemoIdHeader() {
    }

    /**
     * Reads a whole RETR or TOP answer, as a client would, and returns the header's value.
     * Only the header section is searched: a body line that looks like the header is text.
     */
    static Optional<String> read(Reader message) throws IOException {
        String id = null;
        try (BufferedReader lines = new BufferedReader(message)) {
            boolean inHeader = true;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    inHeader = false;
                } else if (inHeader && id == null && line.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                    id = line.substring(PREFIX.length()).strip();
                }
            }
        }
        return Optional.ofNullable(id);
    }
}
