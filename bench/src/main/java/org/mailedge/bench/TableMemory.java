package org.mailedge.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.attenuation.Lease;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.node.attenuation.PasswordVerifier;
import org.mailedge.node.attenuation.ReleasePolicy;

/**
 * Heap bytes per tracked user in the {@link AttenuationTable}, filled through its real API as
 * the server fills it: for each user a central login accepted
 * ({@code acquireAfterCentralLogin}), then the lease released with the state that session
 * learned (the empty maildrop that most checks find). The user names are made before the
 * first measurement and kept, so the figure is the table's own cost; the names the table keeps
 * alive as keys are reported apart (they are the session's strings, whose size depends on the
 * ISP's naming).
 *
 * <p>Two measures: used heap after a full GC before and after filling, and the class histogram
 * (the same as {@code jcmd GC.class_histogram}) of the classes the table allocates.
 *
 * <p>{@code TableMemory [USERS]}: prints one JSON line.
 */
public final class TableMemory {

    private TableMemory() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long empty = usedAfterGc();
        String[] names = new String[users];
        for (int i = 0; i < users; i++) {
            names[i] = String.format("user%07d", i);
        }
        long withNames = usedAfterGc();
        Map<String, long[]> before = histogram();

        Clock clock = Clock.systemUTC();
        AttenuationTable table = new AttenuationTable(new ReleasePolicy.TimeRule(Duration.ofMinutes(15)),
                new PasswordVerifier(), clock);
        for (String user : names) {
            Lease lease = table.acquireAfterCentralLogin(user, "pw-" + user).orElseThrow();
            lease.release(MailboxState.EMPTY, clock.millis());
        }
        long filled = usedAfterGc();
        Map<String, long[]> after = histogram();
        if (table.size() != users) {
            throw new IllegalStateException("table holds " + table.size());
        }

        StringBuilder classes = new StringBuilder("{");
        long histogramBytes = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long count = e.getValue()[0] - b[0];
            long bytes = e.getValue()[1] - b[1];
            if (bytes >= users / 10 && count > 0) {
                classes.append(classes.length() > 1 ? ", " : "").append(String.format(Locale.ROOT,
                        "\"%s\": {\"instances\": %d, \"bytes\": %d, \"bytes_per_user\": %.1f}",
                        e.getKey(), count, bytes, (double) bytes / users));
                histogramBytes += bytes;
            }
        }
        classes.append('}');
        System.out.println(String.format(Locale.ROOT,
                "{\"users\": %d, \"table_bytes\": %d, \"bytes_per_user\": %.1f, \"histogram_bytes_per_user\": %.1f, "
                        + "\"name_bytes_per_user\": %.1f, \"name_example\": \"%s\", \"classes\": %s, \"jvm\": \"%s %s\", "
                        + "\"gc\": \"%s\", \"compressed_oops\": %s}",
                users, filled - withNames, (double) (filled - withNames) / users, (double) histogramBytes / users,
                (double) (withNames - empty) / users, names[0], classes,
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
                vmOption("UseCompressedOops")));
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Class name to {instances, bytes}, from the DiagnosticCommand MBean (a full GC first). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return out;
    }

    private static String vmOption(String name) {
        return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption(name).getValue();
    }
}
