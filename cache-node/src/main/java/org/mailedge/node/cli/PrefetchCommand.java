package org.mailedge.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailedge prefetch run|status}: run the prefetch now, or see how the running or last one goes. */
@Command(name = "prefetch", mixinStandardHelpOptions = true,
        description = "Run the prefetch of a running node now, or show its progress.",
        subcommands = {PrefetchCommand.Run.class, PrefetchCommand.Status.class})
final class PrefetchCommand {

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start a prefetch now: all users placed at the node, or one.")
    static final class Run extends AdminCall {
        @Option(names = "--user", paramLabel = "USER", description = "Prefetch only this user.")
        String user;

        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.post("api/prefetch/run", user == null ? Map.of() : Map.of("user", user));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Progress of the running prefetch, or the last one: users, messages, bytes, rate.")
    static final class Status extends AdminCall {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.get("api/prefetch");
        }
    }
}
