package org.mailedge.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.mailedge.node.config.ConfigException;
import picocli.CommandLine.Mixin;

/** A command that makes one call to the running node's admin API and prints the answer, or the error with status 2. */
abstract class AdminCall implements Callable<Integer> {

    @Mixin
    AdminOptions options;

    abstract JsonNode call(AdminClient client) throws AdminClient.AdminException;

    @Override
    public Integer call() {
        try {
            System.out.print(AdminClient.describe(call(options.client())));
            return 0;
        } catch (AdminClient.AdminException | ConfigException e) {
            System.err.println("mailedge: " + e.getMessage());
            return 2;
        }
    }
}
