package org.mailedge.sync.credentials;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which credentials the edge uses for its own central sessions: the configuration's choice
 * between the two sources.
 */
public sealed interface CredentialsConfig permits CredentialsConfig.MasterUser, CredentialsConfig.PerUserFile {

    /** Builds the source, checking it now so that a bad setting fails at start-up. */
    CentralCredentials open() throws CredentialsException;

    /**
     * Dovecot-style master user.
     *
     * @param masterName     the master user's name (e.g. {@code edge})
     * @param masterPassword its password
     * @param separator      between user and master name, default {@code *}
     */
    record MasterUser(String masterName, String masterPassword, String separator) implements CredentialsConfig {

        public MasterUser {
            Objects.requireNonNull(masterName, "masterName");
            Objects.requireNonNull(masterPassword, "masterPassword");
            Objects.requireNonNull(separator, "separator");
        }

        public MasterUser(String masterName, String masterPassword) {
            this(masterName, masterPassword, MasterUserCredentials.DEFAULT_SEPARATOR);
        }

        @Override
        public CentralCredentials open() {
            return new MasterUserCredentials(masterName, masterPassword, separator);
        }

        @Override
        public String toString() {
            return "MasterUser[masterName=" + masterName + ", masterPassword=(withheld), separator=" + separator + "]";
        }
    }

    /** @param file the operator's file of {@code user password} lines (see {@link PerUserCredentialsFile}) */
    record PerUserFile(Path file) implements CredentialsConfig {

        public PerUserFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public CentralCredentials open() throws CredentialsException {
            return PerUserCredentialsFile.load(file);
        }
    }
}
