package org.mailedge.node.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.mailedge.node.admin.AdminToken;
import org.mailedge.node.config.ConfigException;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.config.EdgeConfig;
import picocli.CommandLine.Option;

/** How a command finds the running node's admin API: {@code --admin URL}, or the admin address in {@code --config FILE}. */
final class AdminOptions {

    @Option(names = "--admin", paramLabel = "URL", description = "The node's admin API, e.g. http://127.0.0.1:8025/")
    URI admin;

    @Option(names = "--config", paramLabel = "FILE", description = "Read the admin address and token file from this configuration file.")
    Path config;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The node's admin token (admin.token-file), when --admin is given.")
    Path tokenFile;

    AdminClient client() throws ConfigException {
        if (admin != null) {
            return new AdminClient(admin, token(Optional.ofNullable(tokenFile), "--token-file"));
        }
        EdgeConfig edge = config == null ? EdgeConfig.defaults() : ConfigLoader.load(config);
        Optional<Path> file = tokenFile != null ? Optional.of(tokenFile) : edge.admin().tokenFile();
        return new AdminClient(URI.create("http://" + edge.admin().listen().getHostString() + ":" + edge.admin().listen().getPort() + "/"),
                token(file, tokenFile != null ? "--token-file" : "admin.token-file"));
    }

    private static Optional<String> token(Optional<Path> file, String key) throws ConfigException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AdminToken.secret(file.get()));
        } catch (IOException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }
}
