package org.mailedge.db;

import java.nio.file.Path;

/**
 * Where the node's durable store lives.
 *
 * @param jdbcUrl JDBC URL; by default an embedded H2 file under {@code dataDirectory}. Any
 *     JDBC URL whose driver is on the class path works; the migrations are written for H2 and
 *     PostgreSQL (the scale-out target, shared by several nodes of a headend).
 * @param user database user, may be empty for embedded H2
 * @param password database password, may be empty for embedded H2
 * @param dataDirectory the node's data directory (the H2 file, and anything else the node keeps on disk)
 */
public record StoreConfig(String jdbcUrl, String user, String password, Path dataDirectory) {

    /** The embedded default: {@code <dataDirectory>/mailedge.mv.db}. */
    public static StoreConfig embedded(Path dataDirectory) {
        return new StoreConfig(h2Url(dataDirectory), "sa", "", dataDirectory);
    }

    public static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("mailedge");
    }
}
