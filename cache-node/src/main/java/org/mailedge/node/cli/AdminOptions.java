package org.mailedge.node.cli;

import java.net.URI;
import java.nio.file.Path;
import org.mailedge.node.config.ConfigException;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.config.EdgeConfig;
import picocli.CommandLine.Option;

/** How a command finds the running node's admin API: {@code --admin URL}, or the admin address in {@code --config FILE}. */
final class AdminOptions {

    @Option(names = "--admin", paramLabel = "URL", description = "The node's admin API, e.g. http://127.0.0.1:8025/")
    URI admin;

    @Option(names = "--config", paramLabel = "FILE", description = "Read the admin address from this configuration file.")
    Path config;

    AdminClient client() throws ConfigException {
        if (admin != null) {
            return new AdminClient(admin);
        }
        EdgeConfig edge = config == null ? EdgeConfig.defaults() : ConfigLoader.load(config);
        return new AdminClient(URI.create("http://" + edge.admin().listen().getHostString() + ":" + edge.admin().listen().getPort() + "/"));
    }
}
