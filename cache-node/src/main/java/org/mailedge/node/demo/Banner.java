package org.mailedge.node.demo;

import java.time.Duration;
import java.util.Locale;

/**
 * What the demo tells its user besides progress and the report: where the servers listen and
 * what is simulated, and, for {@code --stay}, commands to try the running servers by hand
 * with stock tools (curl for POP3, swaks for SMTP).
 */
final class Banner {

    private Banner() {
    }

    static String introduction(DemoOptions options, Population population, DemoEnvironment env, CompressedClock clock,
                               int secondDevices) {
        String host = DemoEnvironment.HOST;
        return String.format(Locale.ROOT, "Mail Edge demo: %d subscribers poll the edge for %s real = %s virtual (1 real second = %s virtual).%n",
                        population.size(), HumanDuration.format(options.duration()), HumanDuration.format(options.virtualDuration()),
                        HumanDuration.format(clock.toVirtual(Duration.ofSeconds(1))))
                + String.format(Locale.ROOT, "  central server (GreenMail)   POP3 %s:%d   SMTP %s:%d%n",
                        host, env.centralPop3Port(), host, env.centralSmtpPort())
                + String.format(Locale.ROOT, "  edge node (Mail Edge)        POP3 %s:%d   notifications (SMTP) %s:%d%n",
                        host, env.edgePop3Port(), host, env.edgeNotifyPort())
                + String.format(Locale.ROOT, "                               POP3S %s:%d, STLS on the POP3 port (throw-away self-signed certificate %s)%n",
                        host, env.edgePop3sPort(), env.certificate())
                + env.adminPort().map(port -> String.format(Locale.ROOT,
                        "  admin console                http://%s:%d/console   API http://%s:%d/api/counters   metrics (Prometheus) http://%s:%d/metrics%n",
                        host, port, host, port, host, port)).orElse("")
                + String.format(Locale.ROOT, "  attenuation: %s and fast check, plus new-mail notifications (%.0f %% lost); %.2f new messages per subscriber per virtual hour%n",
                        env.timeRule().map(rule -> "time rule " + HumanDuration.format(rule)).orElse("one in m"),
                        100 * options.notificationLoss(), options.mailPerSubscriberHour())
                + String.format(Locale.ROOT, "  mail cache: a prefetch window at the start (every subscriber placed here, credentials file), "
                        + "then prefetch on notification and keep what is downloaded;%n"
                        + "    the second devices of %d leave-on-server subscribers read and delete mail straight at the central server%n",
                        secondDevices)
                + String.format(Locale.ROOT, "  attenuation notices: a mail a day at most to each subscriber whose checks the edge answers,"
                        + " through the central server's SMTP to @%s; help page http://%s:%s/help/check-interval%n",
                        DemoEnvironment.NOTICE_DOMAIN, host, env.adminPort().map(String::valueOf).orElse("-"));
    }

    static String tryItYourself(DemoEnvironment env, Subscriber example, CompressedClock clock) {
        String host = DemoEnvironment.HOST;
        String user = example.login() + ":" + example.password();
        String pop3 = "pop3://" + host + ":" + env.edgePop3Port() + "/";
        String timeRule = env.timeRule()
                .map(rule -> " (the " + HumanDuration.format(rule) + " time rule lasts " + HumanDuration.format(clock.toReal(rule)) + ")")
                .orElse("");
        return String.join(System.lineSeparator(),
                "The servers keep running; virtual time still runs x" + ReportFormatter.scale(clock.scale()) + timeRule + ".",
                "Try it by hand (every subscriber sub0001.. has the password pw-<login>):",
                hint("curl -u " + user + " " + pop3, "list " + example.login() + "'s mailbox through the edge"),
                hint("curl -u " + user + " " + pop3 + "1", "fetch message 1"),
                hint("curl --cacert " + env.certificate() + " -u " + user + " pop3s://" + host + ":" + env.edgePop3sPort() + "/",
                        "the same over POP3S"),
                hint("curl --ssl-reqd --cacert " + env.certificate() + " -u " + user + " " + pop3, "the same after STLS"),
                hint("swaks --server " + host + ":" + env.centralSmtpPort() + " --to " + example.centralAddress(),
                        "deliver mail at the central server"),
                hint("swaks --server " + host + ":" + env.edgeNotifyPort() + " --to " + example.notificationAddress()
                        + " --from notify@" + DemoEnvironment.CENTRAL_DOMAIN, "tell the edge " + example.login() + " has new mail"),
                env.adminPort().map(port -> hint("curl http://" + host + ":" + port + "/api/counters", "the edge's counters"))
                        .orElse(""),
                env.adminPort().map(port -> hint("curl http://" + host + ":" + port + "/metrics", "the same as Prometheus metrics"))
                        .orElse(""),
                "The edge now logs one line per POP3 session and per notification on stderr. Press Ctrl-C to stop.")
                + System.lineSeparator();
    }

    private static String hint(String command, String what) {
        return String.format(Locale.ROOT, "  %-82s %s", command, what);
    }
}
