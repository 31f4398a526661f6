package org.mailedge.node.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.mailedge.node.EdgeNode;
import org.mailedge.node.config.ConfigException;
import org.mailedge.node.config.ConfigLoader;
import org.mailedge.node.config.EdgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailedge serve --config FILE}: runs the node until it is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the edge node with a YAML configuration (see README.md for every key).")
final class ServeCommand implements Callable<Integer> {

    /** Exit status for an invalid configuration, so init systems can tell it from a crash. */
    static final int INVALID_CONFIG = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file; without it the built-in defaults apply.")
    Path config;

    @Override
    public Integer call() throws Exception {
        EdgeConfig edgeConfig;
        try {
            edgeConfig = config == null ? EdgeConfig.defaults() : ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("mailedge: invalid configuration: " + e.getMessage());
            return INVALID_CONFIG;
        }
        EdgeNode node = EdgeNode.start(edgeConfig, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.printf("mailedge: POP3 on %s:%d, central server %s:%d%s%n",
                edgeConfig.pop3().listen().getHostString(), node.pop3Port(),
                edgeConfig.central().endpoint().host(), edgeConfig.central().endpoint().port(),
                node.notifyPort().map(p -> ", notifications on " + edgeConfig.notifications().listener().bindAddress().getHostAddress() + ":" + p).orElse(""));
        node.adminPort().ifPresent(port -> System.out.printf("mailedge: admin API http://%s:%d/api/counters, metrics http://%s:%d/metrics%n",
                edgeConfig.admin().listen().getHostString(), port, edgeConfig.admin().listen().getHostString(), port));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
