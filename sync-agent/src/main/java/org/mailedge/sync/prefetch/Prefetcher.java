package org.mailedge.sync.prefetch;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.cache.CachedMessage;
import org.mailedge.db.cache.MessageStore;
import org.mailedge.db.prefetch.PrefetchRun;
import org.mailedge.db.users.UserRecord;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.CentralSession;
import org.mailedge.sync.CentralUnavailableException;
import org.mailedge.sync.LoginResult;
import org.mailedge.sync.RemoteMessage;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.credentials.CentralLogin;
import org.mailedge.sync.prefetch.UserResult.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls users' mail from the central server into the edge's store, never deleting anything
 * there.
 *
 * <p>For each user: log in with the {@link CentralCredentials}, read the listing (UIDL +
 * LIST), drop from the store what the central server no longer lists (deleted elsewhere) and
 * what the user deleted (queued deletes), RETR what the store lacks except the UIDs of queued
 * deletes (the user's tombstones), and store each message as RETR delivered it. The session
 * then ends by closing the connection <em>without QUIT</em>: the server never enters the
 * UPDATE state (RFC 1939 §6), so prefetch cannot change the maildrop at all, not even the
 * {@code \Seen} flags a server such as Dovecot commits at QUIT for RETR'd messages (webmail
 * users would otherwise see unread mail turn read overnight). The session never sends DELE.
 *
 * <h2>Bounds</h2>
 * <ul>
 *   <li><b>Window</b>: a run starts no new user and no new message once {@code maxDuration}
 *       since its start has passed ({@link PrefetchOutcome#WINDOW_ENDED}); the message in
 *       flight completes. A rate-limit wait that would end past the window ends the run
 *       instead of sleeping through it.</li>
 *   <li><b>Rate</b>: octets and messages per second ({@link RateLimiter}), shared by all
 *       prefetches of this instance. Octets are charged after each RETR with what it
 *       delivered (LIST sizes are a claim servers compute differently), so the wait falls
 *       before the next message.</li>
 *   <li><b>Per-user cap</b>: fetching stops for a user at the first message that would take
 *       the user's cache above the cap; messages are fetched in the central server's order
 *       (oldest first). Checked with the LIST size before the RETR and with the real size
 *       before storing, so the cap is never exceeded.</li>
 *   <li><b>Total cap</b>: to make room, whole users are evicted, least recently seen first,
 *       never the user being fetched, never a user another prefetch is fetching, and never a
 *       user this same run already fetched: without that last rule a run larger than the cap
 *       would evict its own work round and round. When nobody may be evicted, fetching stops
 *       for that user.</li>
 * </ul>
 * A batch run visits users most recently seen first, so that when the window or the total
 * cap ends it, the users most likely to check mail soon are the ones already cached.
 *
 * <h2>Failures</h2>
 * A user without credentials, a refused login or a failed session is logged and skipped. A
 * run gives up after {@link PrefetchConfig#maxConsecutiveCentralFailures()} users in a row
 * whose session failed, so a dead central server costs a few timeouts, not one per user.
 * Messages already stored stay stored: each is complete by the store's contract.
 *
 * <p>Thread-safe. Two prefetches of one user never run at once in one instance: the second
 * returns {@link Status#ALREADY_RUNNING} at once rather than opening a second central
 * session that the server would refuse with {@code [IN-USE]}.
 */
public final class Prefetcher {

    private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);

    private final EdgeStore store;
    private final CentralEndpoint endpoint;
    private final CentralCredentials credentials;
    private final PrefetchConfig config;
    private final Clock clock;
    private final RateLimiter bytesRate;
    private final RateLimiter messagesRate;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    /** Runs executing here, newest first: a one-user run may execute beside the nightly one. */
    private final ConcurrentLinkedDeque<LiveRun> live = new ConcurrentLinkedDeque<>();

    public Prefetcher(EdgeStore store, CentralEndpoint endpoint, CentralCredentials credentials,
                      PrefetchConfig config, Clock clock, Sleeper sleeper) {
        this.store = Objects.requireNonNull(store, "store");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        this.bytesRate = RateLimiter.perSecondOrUnlimited(config.maxBytesPerSecond(), clock, sleeper);
        this.messagesRate = RateLimiter.perSecondOrUnlimited(config.maxMessagesPerSecond(), clock, sleeper);
    }

    /** With the system clock and real sleeps. */
    public Prefetcher(EdgeStore store, CentralEndpoint endpoint, CentralCredentials credentials, PrefetchConfig config) {
        this(store, endpoint, credentials, config, Clock.systemUTC(), Sleeper.system());
    }

    public PrefetchConfig config() {
        return config;
    }

    /**
     * A batch run over the users placed at this node ({@code UserDirectory.placedAt(node,
     * placement)}), recorded in {@code PrefetchRuns}: started, progress after each user,
     * finished with an outcome from {@link PrefetchOutcome}.
     *
     * @param maxDuration the window, &gt; 0
     * @return the run as recorded when it finished
     */
    public PrefetchRun runPlaced(Duration maxDuration, Cancellation cancellation) {
        requirePositive(maxDuration);
        return run(byMostRecentlySeen(store.users().placedAt(config.node(), config.placement())), maxDuration,
                cancellation);
    }

    /**
     * A recorded run over exactly these users, in this order (an admin's "prefetch run
     * --user U"), placed here or not.
     */
    public PrefetchRun runUsers(List<String> users, Duration maxDuration, Cancellation cancellation) {
        requirePositive(maxDuration);
        List<String> copy = List.copyOf(users);
        copy.forEach(Prefetcher::requireUser);
        return run(copy, maxDuration, cancellation);
    }

    /**
     * Prefetches one user now, with no window and no run record (e.g. on a new-mail
     * notification). The rate caps and cache caps apply.
     */
    public UserResult prefetchUser(String user) {
        requireUser(user);
        return prefetch(user, Instant.MAX, new Cancellation(), Set.of(), null);
    }

    /** The newest batch run executing in this node now, with live counters, if any. */
    public Optional<PrefetchProgress> liveProgress() {
        LiveRun run = live.peekFirst();
        return run == null ? Optional.empty() : Optional.of(run.snapshot(clock.instant()));
    }

    private PrefetchRun run(List<String> users, Duration maxDuration, Cancellation cancellation) {
        Objects.requireNonNull(cancellation, "cancellation");
        Instant start = clock.instant();
        Instant deadline = plusSaturated(start, maxDuration);
        long id = store.prefetchRuns().start(start, users.size());
        LiveRun run = new LiveRun(id, start, users.size());
        live.addFirst(run);
        LOG.info("prefetch run {} started: {} users, window {}", id, users.size(), maxDuration);
        String outcome = PrefetchOutcome.COMPLETED;
        Set<String> fetchedThisRun = new HashSet<>();
        int consecutiveFailures = 0;
        try {
            for (String user : users) {
                if (cancellation.isCancelled()) {
                    outcome = PrefetchOutcome.INTERRUPTED;
                    break;
                }
                if (!clock.instant().isBefore(deadline)) {
                    outcome = PrefetchOutcome.WINDOW_ENDED;
                    break;
                }
                UserResult result = prefetch(user, deadline, cancellation, fetchedThisRun, run);
                if (result.status().synced()) {
                    fetchedThisRun.add(user);
                }
                if (result.status() == Status.WINDOW_ENDED || result.status() == Status.CANCELLED) {
                    outcome = result.status() == Status.WINDOW_ENDED
                            ? PrefetchOutcome.WINDOW_ENDED : PrefetchOutcome.INTERRUPTED;
                    recordProgress(run);
                    break;
                }
                run.usersDone.incrementAndGet();
                recordProgress(run);
                if (result.status() == Status.CENTRAL_UNAVAILABLE) {
                    if (++consecutiveFailures >= config.maxConsecutiveCentralFailures()) {
                        outcome = PrefetchOutcome.FAILED_PREFIX + "central server unavailable ("
                                + consecutiveFailures + " users in a row)";
                        break;
                    }
                } else if (result.status().synced() || result.status() == Status.LOGIN_REFUSED) {
                    consecutiveFailures = 0;
                }
            }
        } catch (RuntimeException e) {
            outcome = PrefetchOutcome.FAILED_PREFIX + e.getClass().getSimpleName();
            LOG.error("prefetch run {} failed", id, e);
        } finally {
            store.prefetchRuns().finish(id, clock.instant(), outcome);
            live.remove(run);
        }
        LOG.info("prefetch run {} {}: {} of {} users, {} messages, {} octets", id, outcome, run.usersDone.get(),
                users.size(), run.messages.get(), run.bytes.get());
        return store.prefetchRuns().find(id).orElseThrow(
                () -> new IllegalStateException("prefetch run " + id + " vanished from the store"));
    }

    private void recordProgress(LiveRun run) {
        store.prefetchRuns().progress(run.id, run.usersDone.get(), run.messages.get(), run.bytes.get());
    }

    /**
     * @param deadline       no new message is started at or after it
     * @param notToEvict     users the total cap must not evict (those fetched earlier in this run)
     * @param run            the batch run to count into, or null
     */
    private UserResult prefetch(String user, Instant deadline, Cancellation cancellation, Set<String> notToEvict,
                                LiveRun run) {
        if (!inProgress.add(user)) {
            LOG.info("prefetch {}: already being prefetched here; skipped", user);
            return UserResult.without(user, Status.ALREADY_RUNNING);
        }
        try {
            Optional<CentralLogin> login = credentials.forUser(user);
            if (login.isEmpty()) {
                LOG.warn("prefetch {}: no central credentials for this user ({}); skipped", user,
                        credentials.describe());
                return UserResult.without(user, Status.NO_CREDENTIALS);
            }
            Tally tally = new Tally(user, run);
            try (CentralSession session = CentralSession.open(endpoint)) {
                LoginResult result = session.login(login.get().loginName(), login.get().password());
                if (result instanceof LoginResult.Refused refused) {
                    // Only the response code: the rest of a reply to PASS may echo the password.
                    LOG.warn("prefetch {}: the central server refused the login{}; skipped", user,
                            refused.responseCode().map(code -> " [" + code + "]").orElse(""));
                    return UserResult.without(user, Status.LOGIN_REFUSED);
                }
                Status status = sync(user, session, session.listing(), deadline, cancellation, notToEvict, tally);
                // close() (by try-with-resources) and not quit(): see the class comment.
                store.users().recordPrefetch(user, clock.instant());
                UserResult done = tally.result(status);
                LOG.info("prefetch {}: {}, {} fetched ({} octets), {} dropped, {} tombstoned, {} users evicted", user,
                        status, done.fetched(), done.bytes(), done.dropped(), done.tombstoned(), done.evicted());
                return done;
            } catch (CentralUnavailableException e) {
                LOG.warn("prefetch {}: central session failed after {} messages: {}; skipped", user, tally.fetched,
                        e.getMessage());
                return tally.result(Status.CENTRAL_UNAVAILABLE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tally.result(Status.CANCELLED);
            }
        } finally {
            inProgress.remove(user);
        }
    }

    private Status sync(String user, CentralSession session, List<RemoteMessage> listing, Instant deadline,
                        Cancellation cancellation, Set<String> notToEvict, Tally tally)
            throws CentralUnavailableException, InterruptedException {
        MessageStore messages = store.messages();
        Set<String> listed = listing.stream().map(RemoteMessage::uid).collect(Collectors.toSet());
        Set<String> tombstones = store.deletes().pendingUids(user);
        Set<String> cached = new HashSet<>();
        List<String> drop = new ArrayList<>();
        for (CachedMessage message : messages.list(user)) {
            if (!listed.contains(message.uid()) || tombstones.contains(message.uid())) {
                drop.add(message.uid());
            } else {
                cached.add(message.uid());
            }
        }
        if (!drop.isEmpty()) {
            tally.dropped += messages.remove(user, drop);
        }
        long userBytes = messages.bytes(user);
        tally.totalBytes = config.totalCapBytes() > 0 ? messages.totalBytes() : 0;
        for (RemoteMessage message : listing) {
            if (cached.contains(message.uid())) {
                continue;
            }
            if (tombstones.contains(message.uid())) {
                tally.tombstoned++;
                continue;
            }
            if (cancellation.isCancelled()) {
                return Status.CANCELLED;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return Status.WINDOW_ENDED;
            }
            if (overUserCap(userBytes, message.size())) {
                return Status.USER_CAP_REACHED;
            }
            if (!makeRoom(user, message.size(), notToEvict, tally)) {
                return Status.TOTAL_CAP_REACHED;
            }
            Duration wait = max(messagesRate.waitTime(1), bytesRate.waitTime());
            if (!plusSaturated(now, wait).isBefore(deadline)) {
                return Status.WINDOW_ENDED;
            }
            bytesRate.awaitCredit();
            messagesRate.acquire(1);
            Optional<byte[]> content = session.retrieve(message.number(), message.uid());
            if (content.isEmpty()) {
                // -ERR: deleted by another session since the listing; nothing to cache.
                continue;
            }
            byte[] octets = content.get();
            bytesRate.charge(octets.length);
            if (overUserCap(userBytes, octets.length)) {
                return Status.USER_CAP_REACHED;
            }
            if (!makeRoom(user, octets.length, notToEvict, tally)) {
                return Status.TOTAL_CAP_REACHED;
            }
            if (messages.put(user, message.uid(), octets, clock.instant())) {
                userBytes += octets.length;
                tally.stored(octets.length);
            }
        }
        return Status.COMPLETE;
    }

    private boolean overUserCap(long userBytes, long size) {
        return config.perUserCapBytes() > 0 && userBytes + size > config.perUserCapBytes();
    }

    /** Evicts whole users, least recently seen first, until {@code size} more octets fit under the total cap. */
    private boolean makeRoom(String user, long size, Set<String> notToEvict, Tally tally) {
        long cap = config.totalCapBytes();
        if (cap == 0 || tally.totalBytes + size <= cap) {
            return true;
        }
        if (size > cap) {
            return false;
        }
        MessageStore messages = store.messages();
        // Others may have stored or evicted meanwhile: decide on the store's figure, not ours.
        tally.totalBytes = messages.totalBytes();
        while (tally.totalBytes + size > cap) {
            Optional<String> victim = messages.usersLeastRecentlySeenFirst().stream()
                    .filter(candidate -> !candidate.equals(user) && !inProgress.contains(candidate)
                            && !notToEvict.contains(candidate))
                    .findFirst();
            if (victim.isEmpty()) {
                LOG.info("prefetch {}: total cache cap of {} octets reached and nobody may be evicted", user, cap);
                return false;
            }
            long victimBytes = messages.bytes(victim.get());
            int removed = messages.removeUser(victim.get());
            tally.evicted++;
            LOG.info("prefetch {}: evicted {} ({} messages, {} octets), least recently seen, to stay under the "
                    + "total cache cap of {} octets", user, victim.get(), removed, victimBytes, cap);
            tally.totalBytes = messages.totalBytes();
        }
        return true;
    }

    private List<String> byMostRecentlySeen(List<String> users) {
        Map<String, Optional<Instant>> lastSeen = users.stream().distinct().collect(Collectors.toMap(
                Function.identity(),
                user -> store.users().find(user).flatMap(UserRecord::lastSeenAt)));
        Comparator<String> recentFirst = Comparator.comparing(
                (String user) -> lastSeen.get(user).orElse(Instant.MIN), Comparator.reverseOrder());
        return lastSeen.keySet().stream().sorted(recentFirst.thenComparing(Comparator.naturalOrder())).toList();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Instant plusSaturated(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    private static void requirePositive(Duration maxDuration) {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be > 0, was " + maxDuration);
        }
    }

    private static void requireUser(String user) {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
    }

    /** Counters of one user's prefetch, also fed into the batch run's live counters. */
    private static final class Tally {
        private final String user;
        private final LiveRun run;
        private int fetched;
        private long bytes;
        private int dropped;
        private int tombstoned;
        private int evicted;
        /** Our estimate of the store's total, refreshed from the store whenever a decision depends on it. */
        private long totalBytes;

        Tally(String user, LiveRun run) {
            this.user = user;
            this.run = run;
        }

        void stored(long octets) {
            fetched++;
            bytes += octets;
            totalBytes += octets;
            if (run != null) {
                run.messages.incrementAndGet();
                run.bytes.addAndGet(octets);
            }
        }

        UserResult result(Status status) {
            return new UserResult(user, status, fetched, bytes, dropped, tombstoned, evicted);
        }
    }

    /** A batch run's counters, updated per message so that progress is live. */
    private static final class LiveRun {
        private final long id;
        private final Instant startedAt;
        private final int usersPlanned;
        private final AtomicInteger usersDone = new AtomicInteger();
        private final AtomicLong messages = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        LiveRun(long id, Instant startedAt, int usersPlanned) {
            this.id = id;
            this.startedAt = startedAt;
            this.usersPlanned = usersPlanned;
        }

        PrefetchProgress snapshot(Instant now) {
            PrefetchRun run = new PrefetchRun(id, startedAt, Optional.empty(), usersPlanned, usersDone.get(),
                    messages.get(), bytes.get(), Optional.empty());
            return Rates.progress(run, now);
        }
    }
}
