package org.mailedge.node.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The help page the notice links to ({@link NoticeSettings#HELP_PATH} on the admin server):
 * how to set the check interval in common mail programs, and what the edge does. One HTML
 * file, no external resources (no scripts, style sheets, fonts or images), so it renders the
 * same from any network and leaks nothing to third parties.
 */
public final class HelpPage {

    private static final String TEMPLATE = "check-interval.html";

    private HelpPage() {
    }

    /** The page with the node's own values filled in. */
    public static String render(String hostName, Duration desiredInterval, Duration period) {
        String html = template();
        Map<String, String> values = Map.of(
                "host", hostName,
                "interval", Intervals.words(desiredInterval),
                "minutes", String.valueOf(Math.max(1, desiredInterval.toMinutes())),
                "seconds", String.valueOf(desiredInterval.toSeconds()),
                "period", Intervals.once(period),
                "cron", Intervals.cron(desiredInterval));
        for (Map.Entry<String, String> v : values.entrySet()) {
            html = html.replace("{{" + v.getKey() + "}}", escape(v.getValue()));
        }
        return html;
    }

    private static String template() {
        try (InputStream in = HelpPage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
