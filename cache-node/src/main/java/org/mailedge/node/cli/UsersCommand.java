package org.mailedge.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailedge users show|unthrottle|evict|set-home}: one user's state at a running node, the
 * operator's two actions on it, and the user directory's home nodes, which home placement
 * prefetches for.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Look at and act on the users of a running node.",
        subcommands = {UsersCommand.Show.class, UsersCommand.Unthrottle.class, UsersCommand.Evict.class, UsersCommand.SetHome.class})
final class UsersCommand {

    /** A call about one user, named as the command's argument. */
    abstract static class OneUser extends AdminCall {
        @Parameters(paramLabel = "USER", description = "The POP3 user name.")
        String user;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "The user's entry in the attenuation table, delay level, cached messages and last session.")
    static final class Show extends OneUser {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.get("api/users/lookup?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        }
    }

    @Command(name = "unthrottle", mixinStandardHelpOptions = true,
            description = "Forget the user's attenuation entry and delay level: the next check goes to the central server.")
    static final class Unthrottle extends OneUser {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.post("api/users/unthrottle", Map.of("user", user));
        }
    }

    @Command(name = "evict", mixinStandardHelpOptions = true,
            description = "Drop the user's cached messages; the central server still has them, and serves the next retrieval.")
    static final class Evict extends OneUser {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.post("api/users/evict", Map.of("user", user));
        }
    }

    @Command(name = "set-home", mixinStandardHelpOptions = true,
            description = "Name NODE as the home of the users given, or of those listed one per line in --file.")
    static final class SetHome extends AdminCall {
        @Option(names = "--node", required = true, paramLabel = "NODE", description = "The node name (node.name of that edge).")
        String node;

        @Option(names = "--file", paramLabel = "FILE", description = "A file of user names, one per line; # starts a comment.")
        Path file;

        @Parameters(paramLabel = "USER", arity = "0..*", description = "User names.")
        List<String> users = new ArrayList<>();

        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            List<String> all = new ArrayList<>(users);
            if (file != null) {
                try {
                    for (String line : Files.readAllLines(file)) {
                        String user = line.replaceFirst("#.*", "").trim();
                        if (!user.isEmpty()) {
                            all.add(user);
                        }
                    }
                } catch (IOException e) {
                    throw new AdminClient.AdminException("cannot read " + file + ": " + e.getMessage());
                }
            }
            if (all.isEmpty()) {
                throw new AdminClient.AdminException("name at least one user, or --file");
            }
            return client.post("api/users/home", Map.of("node", node, "users", all));
        }
    }
}
