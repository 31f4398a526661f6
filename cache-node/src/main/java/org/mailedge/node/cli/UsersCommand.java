package org.mailedge.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailedge users set-home}: the user directory's home nodes, which home placement prefetches for. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Maintain the user directory of a running node.",
        subcommands = UsersCommand.SetHome.class)
final class UsersCommand {

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
