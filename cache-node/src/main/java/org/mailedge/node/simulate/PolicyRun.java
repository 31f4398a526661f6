package org.mailedge.node.simulate;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.attenuation.Lease;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.node.attenuation.LoginVerdict;
import org.mailedge.node.attenuation.MailboxState;
import org.mailedge.node.attenuation.PasswordVerifier;
import org.mailedge.node.attenuation.ReleasePolicy;
import org.mailedge.node.delay.DelayRule;
import org.mailedge.node.delay.DelayTable;

/**
 * One policy setting under simulation: the node's own {@link AttenuationTable}, driven as the
 * POP3 layer drives it, and the central maildrops' messages that its users have not yet seen.
 *
 * <p>A check that goes through: {@code onLogin} → GoThrough → {@code acquireAfterCentralLogin}
 * → {@code release(EMPTY, loginTime)} (the client downloads and deletes everything, so the
 * maildrop is empty after it), and every message that had arrived becomes visible. A check
 * answered at the edge: {@code onLogin} → AnswerAtEdge → {@code releaseUnchanged()}. In delay
 * mode every check goes through, and the node's own {@link DelayTable} says how long it takes.
 */
final class PolicyRun {

    private static final String PASSWORD = "simulated";

    final PolicySetting setting;
    private final AttenuationTable table;
    private final LoadSignal signal;
    private final ReleasePolicy.AdaptiveTimeRule adaptive;
    /** Delay mode's table; null for the other modes. */
    private final DelayTable delayTable;

    /** Per user, the first of its unseen messages, -1 for none; the messages are a linked pool. */
    private final int[] pendingHead;
    private long[] arrival = new long[1 << 16];
    private int[] next = new int[1 << 16];
    private int free = -1;
    private int used;

    private final long startMillis;
    long checks;
    long central;
    long fastCheckRewards;
    long delayInsertedMillis;
    final DelayHistogram delays = new DelayHistogram();
    final DelayHistogram[] hourlyDelays;
    final long[] hourlyChecks;
    final long[] hourlyCentral;
    final double[] hourlyIntervalSum;
    final long[] hourlyIntervalSamples;

    PolicyRun(PolicySetting setting, int subscribers, int hours, Clock clock, double lowRate, double highRate) {
        this.setting = setting;
        this.signal = new LoadSignal(LoadSignal.DEFAULT_TAU_MILLIS);
        ReleasePolicy policy = setting.releasePolicy(signal, lowRate, highRate);
        this.adaptive = policy instanceof ReleasePolicy.AdaptiveTimeRule a ? a : null;
        this.table = new AttenuationTable(policy, new PasswordVerifier(), clock, setting.fastCheck());
        this.delayTable = setting.kind() == PolicySetting.Kind.DELAY ? new DelayTable(DelayRule.defaults(), clock) : null;
        this.pendingHead = new int[subscribers];
        Arrays.fill(pendingHead, -1);
        this.startMillis = clock.millis();
        this.hourlyDelays = new DelayHistogram[hours];
        Arrays.setAll(hourlyDelays, h -> new DelayHistogram());
        this.hourlyChecks = new long[hours];
        this.hourlyCentral = new long[hours];
        this.hourlyIntervalSum = new double[hours];
        this.hourlyIntervalSamples = new long[hours];
    }

    private int hour(long t) {
        return (int) Math.min(hourlyChecks.length - 1, (t - startMillis) / 3_600_000L);
    }

    /**
     * A check by {@code user} at {@code now}: what the POP3 layer would do with the table's verdict.
     *
     * @return the delay the session got (delay mode), by which the client's next check comes later
     */
    long check(int id, String user, long now) {
        checks++;
        hourlyChecks[hour(now)]++;
        if (delayTable != null) {
            return delayedCheck(id, user, now);
        }
        LoginVerdict verdict = table.onLogin(user, PASSWORD);
        if (verdict instanceof LoginVerdict.AnswerAtEdge edge) {
            edge.lease().releaseUnchanged();
            return 0;
        }
        if (!(verdict instanceof LoginVerdict.GoThrough through)) {
            throw new IllegalStateException("a simulated session never overlaps another: " + verdict);
        }
        if (through.reason() == LoginVerdict.Reason.FAST_CHECK) {
            fastCheckRewards++;
        }
        central++;
        hourlyCentral[hour(now)]++;
        if (adaptive != null) {
            // what the POP3 layer does for every central session it opens
            signal.recordCentralSession(now);
        }
        Optional<Lease> lease = table.acquireAfterCentralLogin(user, PASSWORD);
        seeAll(id, now);
        lease.orElseThrow().release(MailboxState.EMPTY, now);
        return 0;
    }

    /** Delay mode: every check goes through; the mail it shows is seen once the session's waits are over. */
    private long delayedCheck(int id, String user, long now) {
        central++;
        hourlyCentral[hour(now)]++;
        long delay = delayTable.onCheck(user, setting.interval()).toMillis();
        delayInsertedMillis += delay;
        seeAll(id, now + delay);
        return delay;
    }

    boolean delays() {
        return delayTable != null;
    }

    /** A message arrives in the user's central maildrop. */
    void deliver(int id, long now) {
        int slot;
        if (free >= 0) {
            slot = free;
            free = next[slot];
        } else {
            if (used == arrival.length) {
                arrival = Arrays.copyOf(arrival, used * 2);
                next = Arrays.copyOf(next, used * 2);
            }
            slot = used++;
        }
        arrival[slot] = now;
        next[slot] = pendingHead[id];
        pendingHead[id] = slot;
    }

    void notifyNewMail(String user) {
        table.onNewMail(user);
    }

    /** Samples n of an adaptive rule, for the hourly series. */
    void sample(long now) {
        if (adaptive != null) {
            int h = hour(now);
            hourlyIntervalSum[h] += adaptive.interval().intervalMillis(now);
            hourlyIntervalSamples[h]++;
        }
    }

    boolean adaptive() {
        return adaptive != null;
    }

    private void seeAll(int id, long now) {
        int slot = pendingHead[id];
        while (slot >= 0) {
            long delay = now - arrival[slot];
            delays.add(delay);
            hourlyDelays[hour(arrival[slot])].add(delay);
            int following = next[slot];
            next[slot] = free;
            free = slot;
            slot = following;
        }
        pendingHead[id] = -1;
    }

    /** Messages no check that went through has shown yet. */
    long unseen() {
        long n = 0;
        for (int head : pendingHead) {
            for (int slot = head; slot >= 0; slot = next[slot]) {
                n++;
            }
        }
        return n;
    }

    int tableSize() {
        return table.size();
    }
}
