package org.mailedge.node.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.cache.CachedMessage;
import org.mailedge.node.attenuation.AttenuationTable;
import org.mailedge.node.config.EdgeConfig;
import org.mailedge.node.testing.CentralAndEdge;
import org.mailedge.node.testing.CentralTruth;
import org.mailedge.node.testing.Poll;
import org.mailedge.node.testing.Pop3Wire;
import org.mailedge.node.testing.TestMail;
import org.mailedge.sync.prefetch.Prefetcher;
import org.mailedge.sync.prefetch.UserResult;

/**
 * Issue 3, "concurrent sessions and a running prefetch for the same user stay consistent".
 * Several subscriber threads run sessions for one user through the edge (STAT, UIDL, RETR,
 * some DELE + QUIT) while the user is prefetched again and again (by a second
 * {@link Prefetcher} over the node's store, and by the node's scheduler) and new mail keeps
 * arriving at the central server (GreenMail). Every loop is bounded by a count. Each session
 * checks what it gets against the central server's copy of each message, taken when it was
 * delivered; at the end: no session got a message it was not listed or whose bytes differ
 * from the central copy of that UID; whatever a session deleted (QUIT +OK) is gone from the
 * central server and was never listed or served to a later session; everything else is still
 * at the central server. [IN-USE] answers are allowed and counted, and so are [SYS/TEMP]
 * answers to a login whose central listing changed under it (GreenMail takes no maildrop
 * lock; see {@link #session}).
 */
class ConcurrentSessionsAndPrefetchTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "secret";
    private static final int INITIAL_MESSAGES = 20;
    private static final int SESSION_THREADS = 4;
    private static final int SESSIONS_PER_THREAD = 15;
    private static final int TOTAL_SESSIONS = SESSION_THREADS * SESSIONS_PER_THREAD;
    private static final int MAX_ATTEMPTS_PER_THREAD = 20 * SESSIONS_PER_THREAD;
    private static final int ARRIVALS = 24;
    private static final int PREFETCHES = 18;

    private CentralAndEdge node;
    private GreenMailUser alice;

    /** The central server's RETR of each UID, as the wire carries it, taken when the message arrived. */
    private final Map<String, byte[]> truth = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    /** Orders logins and completed QUITs across threads. */
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger sessionsDone = new AtomicInteger();
    private final AtomicInteger sessionThreadsEnded = new AtomicInteger();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger centralBusy = new AtomicInteger();
    private final AtomicInteger retrievals = new AtomicInteger();
    private final AtomicInteger retrNoLongerThere = new AtomicInteger();
    private final AtomicInteger quitNotOk = new AtomicInteger();
    /** UID to the sequence number at which the QUIT that deleted it was answered +OK. */
    private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
    /** UIDs a session marked and then could not confirm (QUIT not +OK): either outcome is allowed. */
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<SessionRecord> sessions = new ConcurrentLinkedQueue<>();

    /** A message a session was given: RETR n, listed as uid. */
    private record Served(int number, String uid, byte[] content) {}

    private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();

    /** What one session was shown and given, to check it against the deletes that came before it. */
    private record SessionRecord(long loginAt, Set<String> listed, Set<String> retrieved) {}

    @BeforeEach
    void start() throws Exception {
        // one-in-m with m = 2: every second check goes through, the others are answered at the edge
        node = CentralAndEdge.startWithPrefetch("attenuation: {policy: one-in-m, one-in-m: 2}\n");
        alice = node.user(USER, PASSWORD);
        for (int i = 0; i < INITIAL_MESSAGES; i++) {
            TestMail.deliver(alice, TestMail.message(alice.getEmail(), "initial-" + i, 300 + 97 * i, i));
        }
        truth.putAll(CentralTruth.messages(node.central.getPop3().getPort(), USER, PASSWORD));
        assertThat(truth).hasSize(INITIAL_MESSAGES);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void concurrentSessionsAPrefetchAndArrivingMailStayConsistent() throws Exception {
        EdgeStore store = node.edge.store().orElseThrow();
        EdgeConfig config = node.edge.config();
        Prefetcher second = new Prefetcher(store, config.central().endpoint(),
                config.prefetch().credentials().orElseThrow().open(), config.prefetch().config());
        Map<UserResult.Status, Integer> prefetchOutcomes = new ConcurrentHashMap<>();

        ExecutorService pool = Executors.newFixedThreadPool(SESSION_THREADS + 2);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < SESSION_THREADS; t++) {
            long seed = 1000L + t;
            work.add(pool.submit((Callable<Void>) () -> {
                Random random = new Random(seed);
                try {
                    // an [IN-USE] answer is counted and tried again, up to a bound
                    for (int done = 0, attempts = 0; done < SESSIONS_PER_THREAD && attempts < MAX_ATTEMPTS_PER_THREAD;
                         attempts++) {
                        if (session(random)) {
                            done++;
                            sessionsDone.incrementAndGet();
                        }
                    }
                } finally {
                    sessionThreadsEnded.incrementAndGet();
                }
                return null;
            }));
        }
        work.add(pool.submit((Callable<Void>) () -> {
            for (int i = 0; i < ARRIVALS; i++) {
                awaitSessions(i * TOTAL_SESSIONS / ARRIVALS);
                arrive("arrival-" + i, 400 + 53 * i, 100 + i);
            }
            return null;
        }));
        work.add(pool.submit((Callable<Void>) () -> {
            for (int i = 0; i < PREFETCHES; i++) {
                awaitSessions(i * TOTAL_SESSIONS / PREFETCHES);
                UserResult result = second.prefetchUser(USER);
                prefetchOutcomes.merge(result.status(), 1, Integer::sum);
                if (i % 5 == 0) {
                    node.edge.scheduler().orElseThrow().runNow(Optional.of(USER));
                }
            }
            return null;
        }));
        pool.shutdown();
        for (Future<?> f : work) {
            f.get(80, TimeUnit.SECONDS);
        }
        Poll.until(Duration.ofSeconds(20), "the scheduler's prefetch runs end",
                () -> store.prefetchRuns().recent(20).stream().allMatch(r -> r.finishedAt().isPresent()));
        Poll.until(Duration.ofSeconds(20), "no delete waits in the queue", () -> store.deletes().size() == 0);
        System.out.printf("sessions %d, [IN-USE] answers %d, [SYS/TEMP] answers %d, retrievals %d, "
                        + "RETR of a message gone centrally %d, QUIT not +OK %d, deleted %d, arrivals %d, prefetches %s, "
                        + "counters %s%n", sessionsDone.get(), inUse.get(), centralBusy.get(), retrievals.get(),
                retrNoLongerThere.get(), quitNotOk.get(), deletedAt.size(), ARRIVALS, prefetchOutcomes,
                node.edge.counters().snapshot());

        assertThat(sessionsDone.get()).isEqualTo(TOTAL_SESSIONS);
        assertThat(deletedAt).as("the sessions deleted mail").isNotEmpty();
        assertThat(retrievals.get()).isPositive();

        for (Served m : served) {
            byte[] expected = truth.get(m.uid());
            if (expected == null) {
                violations.add("RETR " + m.number() + " served UID " + m.uid() + ", which the central server never had");
            } else if (TestMail.difference(m.content(), expected) != null) {
                violations.add("RETR " + m.number() + " (UID " + m.uid() + ") differs from the central copy: "
                        + TestMail.difference(m.content(), expected));
            }
        }
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(violations).as("what sessions were listed and served").isEmpty();
        for (SessionRecord s : sessions) {
            for (Map.Entry<String, Long> d : deletedAt.entrySet()) {
                if (s.loginAt() > d.getValue()) {
                    soft.assertThat(s.listed()).as("a session after the delete of %s", d.getKey()).doesNotContain(d.getKey());
                    soft.assertThat(s.retrieved()).as("a session after the delete of %s", d.getKey()).doesNotContain(d.getKey());
                }
            }
        }

        Set<String> atCentral = new LinkedHashSet<>(CentralTruth.uids(node.central.getPop3().getPort(), USER, PASSWORD));
        soft.assertThat(atCentral).as("every deleted message is gone centrally").doesNotContainAnyElementsOf(deletedAt.keySet());
        Set<String> expected = new HashSet<>(truth.keySet());
        expected.removeAll(deletedAt.keySet());
        expected.removeAll(uncertain);
        soft.assertThat(atCentral).as("every message nobody deleted is still at the central server").containsAll(expected);
        soft.assertThat(truth.keySet()).as("the central server holds nothing but delivered mail").containsAll(atCentral);

        for (CachedMessage cached : store.messages().list(USER)) {
            soft.assertThat(atCentral).as("cached message %s is still at the central server", cached.uid()).contains(cached.uid());
            byte[] central = truth.get(cached.uid());
            store.messages().content(USER, cached.uid()).filter(c -> central != null).ifPresent(c -> soft.assertThat(
                    TestMail.difference(c, TestMail.unstuff(central))).as("cached UID %s is the central copy", cached.uid()).isNull());
        }
        soft.assertAll();

        // A last check, released by a new-mail notification so that it goes through: the central maildrop, byte for byte.
        node.notifyNewMail(USER);
        Pop3Wire pop = loginRetryingInUse();
        try (pop) {
            Map<Integer, String> listing = CentralTruth.uidl(pop);
            assertThat(listing.values()).containsExactlyElementsOf(atCentral);
            for (Map.Entry<Integer, String> m : listing.entrySet()) {
                assertThat(pop.ask("RETR " + m.getKey())).startsWith("+OK");
                assertThat(TestMail.difference(pop.rawBody(), truth.get(m.getValue()))).as("RETR of %s", m.getValue()).isNull();
            }
            assertThat(pop.ask("QUIT")).startsWith("+OK");
        }
    }

    /**
     * One subscriber session: login, STAT, UIDL, RETR of a few, sometimes DELE of one or two, QUIT.
     *
     * @return false when the login was answered [IN-USE] (or [SYS/TEMP], see below)
     */
    private boolean session(Random random) throws IOException {
        try (Pop3Wire pop = Pop3Wire.connectBuffered(node.edge.pop3Port())) {
            assertThat(pop.ask("USER " + USER)).startsWith("+OK");
            String pass = pop.ask("PASS " + PASSWORD);
            if (pass.startsWith("-ERR [IN-USE]")) {
                inUse.incrementAndGet();
                // try again once the session that holds the mailbox has ended (no hammering)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (node.edge.table().view(USER).map(AttenuationTable.EntryView::locked).orElse(false)) {
                    if (System.nanoTime() - deadline > 0) {
                        violations.add("the mailbox stayed locked for 30 s");
                        break;
                    }
                    LockSupport.parkNanos(200_000);
                }
                return false;
            }
            if (pass.startsWith("-ERR [SYS/TEMP]")) {
                // GreenMail takes no maildrop lock: a central login that overlaps another
                // session's UPDATE can read a UIDL and a LIST that disagree, and the edge
                // refuses such a listing. A locking server would have answered [IN-USE].
                centralBusy.incrementAndGet();
                return false;
            }
            if (!pass.startsWith("+OK")) {
                violations.add("PASS answered '" + pass + "'");
                return true;
            }
            long loginAt = sequence.incrementAndGet();
            String stat = pop.ask("STAT");
            Map<Integer, String> listing = CentralTruth.uidl(pop);
            if (!stat.startsWith("+OK " + listing.size() + " ")) {
                violations.add("STAT '" + stat + "' but UIDL lists " + listing.size());
            }
            Set<String> retrieved = new HashSet<>();
            SessionRecord record = new SessionRecord(loginAt, Set.copyOf(listing.values()), retrieved);
            List<Integer> numbers = new ArrayList<>(listing.keySet());
            Collections.shuffle(numbers, random);
            for (int n : numbers.subList(0, Math.min(3, numbers.size()))) {
                String uid = listing.get(n);
                String reply = pop.ask("RETR " + n);
                if (!reply.startsWith("+OK")) {
                    retrNoLongerThere.incrementAndGet(); // the central server no longer has it: allowed
                    continue;
                }
                retrievals.incrementAndGet();
                retrieved.add(uid);
                // compared at the end: the central copy of mail that just arrived may not be recorded yet
                served.add(new Served(n, uid, pop.rawBody()));
            }
            List<String> marked = new ArrayList<>();
            if (random.nextInt(10) < 3) {
                for (int n : numbers.subList(Math.min(3, numbers.size()), Math.min(3 + 1 + random.nextInt(2), numbers.size()))) {
                    if (pop.ask("DELE " + n).startsWith("+OK")) {
                        marked.add(listing.get(n));
                    }
                }
            }
            String quit = pop.ask("QUIT");
            long quitAt = sequence.incrementAndGet();
            sessions.add(record);
            if (quit.startsWith("+OK")) {
                marked.forEach(uid -> deletedAt.put(uid, quitAt));
            } else {
                quitNotOk.incrementAndGet();
                uncertain.addAll(marked);
            }
            return true;
        }
    }

    /** Delivers a message and records the central server's copy of it under its UID. */
    private void arrive(String tag, int size, long seed) throws Exception {
        TestMail.deliver(alice, TestMail.message(alice.getEmail(), tag, size, seed));
        MailFolder inbox = node.central.getManagers().getImapHostManager().getInbox(alice);
        String uid = null;
        for (StoredMessage m : inbox.getMessages()) {
            if (tag.equals(m.getMimeMessage().getSubject())) {
                uid = Long.toString(m.getUid());
            }
        }
        assertThat(uid).as("delivered %s", tag).isNotNull();
        // Read it back over POP3; another session's QUIT may renumber the maildrop meanwhile
        // (GreenMail does not lock it), so take the copy only if it carries the tag.
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Pop3Wire central = Pop3Wire.connectBuffered(node.central.getPop3().getPort())) {
                central.login(USER, PASSWORD);
                for (Map.Entry<Integer, String> listed : CentralTruth.uidl(central).entrySet()) {
                    if (listed.getValue().equals(uid) && central.ask("RETR " + listed.getKey()).startsWith("+OK")) {
                        byte[] copy = central.rawBody();
                        if (new String(copy, java.nio.charset.StandardCharsets.UTF_8).contains("Subject: " + tag + "\r\n")) {
                            truth.put(uid, copy);
                            return;
                        }
                    }
                }
            }
        }
        throw new AssertionError("could not read back " + tag + " (UID " + uid + ") from the central server");
    }

    /** Paces arrivals and prefetches by the sessions' progress (no clock involved). */
    private void awaitSessions(int done) {
        while (sessionsDone.get() < done && sessionThreadsEnded.get() < SESSION_THREADS) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private Pop3Wire loginRetryingInUse() throws Exception {
        Pop3Wire[] out = new Pop3Wire[1];
        Poll.until(Duration.ofSeconds(10), "a login that is not [IN-USE]", () -> {
            Pop3Wire pop = Pop3Wire.connectBuffered(node.edge.pop3Port());
            pop.ask("USER " + USER);
            String pass = pop.ask("PASS " + PASSWORD);
            if (pass.startsWith("+OK")) {
                out[0] = pop;
                return true;
            }
            pop.close();
            return false;
        });
        return out[0];
    }
}
