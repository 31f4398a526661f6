package org.mailedge.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailedge schedule list|set|pause|resume}: the nightly prefetch schedule of a running node. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Show or change the prefetch schedule of a running node (kept in its Quartz job store).",
        subcommands = {ScheduleCommand.List.class, ScheduleCommand.Set.class, ScheduleCommand.Pause.class,
                ScheduleCommand.Resume.class})
final class ScheduleCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the schedule, its next and previous run.")
    static final class List extends AdminCall {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.get("api/schedule");
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set when the prefetch runs: a Quartz cron expression with seconds, e.g. \"0 0 2 * * ?\" = 02:00 daily.")
    static final class Set extends AdminCall {
        @Option(names = "--cron", required = true, paramLabel = "EXPR", description = "Quartz cron: sec min hour day-of-month month day-of-week [year]")
        String cron;

        @Option(names = "--max-duration", required = true, paramLabel = "D", description = "Window length, e.g. 4h or 90m: no new work starts after it.")
        String maxDuration;

        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.put("api/schedule", Map.of("cron", cron, "maxDuration", maxDuration));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop scheduled runs until resumed.")
    static final class Pause extends AdminCall {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.post("api/schedule/pause", Map.of());
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume scheduled runs.")
    static final class Resume extends AdminCall {
        @Override
        JsonNode call(AdminClient client) throws AdminClient.AdminException {
            return client.post("api/schedule/resume", Map.of());
        }
    }
}
