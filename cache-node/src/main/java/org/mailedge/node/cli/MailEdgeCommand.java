package org.mailedge.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mailedge}: the edge node's command line. */
@Command(name = "mailedge", mixinStandardHelpOptions = true, versionProvider = MailEdgeCommand.Version.class,
        description = "POP3 mail-cache edge node: attenuates POP checks in front of a central POP3 server.",
        subcommands = {ServeCommand.class, DemoCommand.class, SimulateCommand.class, ScheduleCommand.class, PrefetchCommand.class, UsersCommand.class,
                CommandLine.HelpCommand.class})
public final class MailEdgeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MailEdgeCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MailEdgeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mailedge " + (version == null ? "development build" : version)};
        }
    }
}
