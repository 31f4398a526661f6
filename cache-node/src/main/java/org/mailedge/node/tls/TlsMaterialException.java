package org.mailedge.node.tls;

import java.nio.file.Path;

/** A certificate or key file that cannot be read or used; the message names the file and why. */
public final class TlsMaterialException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which of the two files failed, so the configuration error can name its key. */
    public enum Part { CERTIFICATE, PRIVATE_KEY }

    private final Part part;

    public TlsMaterialException(Part part, Path file, String problem) {
        super("cannot read " + file + " (" + problem + ")");
        this.part = part;
    }

    public Part part() {
        return part;
    }
}
