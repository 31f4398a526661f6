package org.mailedge.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.mailedge.node.cli.MailEdgeCommand;
import picocli.CommandLine;

/** Runs {@code mailedge ARGS} in this JVM and captures what it printed, as an operator's shell would see it. */
public final class Cli {

    private Cli() {}

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new MailEdgeCommand()).execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /** {@code mailedge ARGS --admin URL} against a running node's admin API. */
    public static Result against(int adminPort, String... args) {
        String[] withAdmin = new String[args.length + 2];
        System.arraycopy(args, 0, withAdmin, 0, args.length);
        withAdmin[args.length] = "--admin";
        withAdmin[args.length + 1] = "http://127.0.0.1:" + adminPort + "/";
        return run(withAdmin);
    }

    public record Result(int status, String out, String err) {}
}
