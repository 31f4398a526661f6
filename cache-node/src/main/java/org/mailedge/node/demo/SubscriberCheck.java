package org.mailedge.node.demo;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;

/**
 * One POP check as a subscriber's mail client makes it, over a real socket with commons-net's
 * client: connect, USER/PASS, STAT, UIDL, then what the profile does with the listing, QUIT.
 * Now and then a leave-on-server client downloads everything listed again
 * ({@link PollingProfile#DOWNLOAD_AGAIN_CHANCE}).
 *
 * <p>The UIDs are the central server's (GreenMail's plain integers, unique per mailbox), so
 * to tell which generated message a UID is, the check reads the {@link DemoIdHeader} of
 * each message it RETRs. Both profiles RETR every UID they have not seen, so every listed UID
 * is known by the end of the check; the subscriber's {@code idsByUid} memory is what a
 * leave-on-server client keeps to know which UIDs it has already downloaded.
 */
final class SubscriberCheck {

    private final String host;
    private final int port;
    private final Clock clock;
    private final int timeoutMillis;

    /**
     * @param timeout connect and read time-out, in real time: a hung edge must fail a check,
     *                not stop the simulation from ending
     */
    SubscriberCheck(String host, int port, Clock clock, Duration timeout) {
        this.host = host;
        this.port = port;
        this.clock = clock;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /**
     * @param idsByUid      this subscriber's memory of UIDs already downloaded; updated in place.
     *                      Only the subscriber's own, sequential, checks touch it.
     * @param downloadAgain download every listed message, also those already downloaded (a
     *                      reinstalled client); a RETR of one of those answered {@code -ERR} is
     *                      recorded as refused rather than failing the check, and one that gives
     *                      another message than before fails it
     */
    CheckResult run(Subscriber subscriber, Map<String, String> idsByUid, boolean downloadAgain) {
        Instant startedAt = clock.instant();
        Instant listedAt = null;
        Set<String> listed = new LinkedHashSet<>();
        Set<String> retrieved = new LinkedHashSet<>();
        Set<String> refused = new LinkedHashSet<>();
        Set<String> deleteSent = new LinkedHashSet<>();
        POP3Client pop = new POP3Client();
        pop.setConnectTimeout(timeoutMillis);
        pop.setDefaultTimeout(timeoutMillis);
        try {
            pop.connect(host, port);
            pop.setSoTimeout(timeoutMillis);
            require(pop.login(subscriber.login(), subscriber.password()), pop, "USER/PASS");
            require(pop.status() != null, pop, "STAT");
            POP3MessageInfo[] uidl = pop.listUniqueIdentifiers();
            require(uidl != null, pop, "UIDL");
            listedAt = clock.instant();
            boolean deletes = subscriber.profile().keeping() == PollingProfile.Keeping.DOWNLOAD_AND_DELETE;
            for (POP3MessageInfo message : uidl) {
                String known = idsByUid.get(message.identifier);
                String id = known;
                if (known == null || deletes || downloadAgain) {
                    Optional<String> fetched = retrieveId(pop, message.number, known != null && downloadAgain);
                    if (fetched.isEmpty()) {
                        refused.add(known);
                        listed.add(known);
                        continue;
                    }
                    id = fetched.get();
                    if (known != null && !known.equals(id)) {
                        throw new UnexpectedReply("RETR " + message.number + " of UID " + message.identifier + " gave " + id
                                + ", which an earlier download of that UID gave as " + known);
                    }
                    idsByUid.put(message.identifier, id);
                    retrieved.add(id);
                }
                listed.add(id);
                if (deletes) {
                    deleteSent.add(id);
                    require(pop.deleteMessage(message.number), pop, "DELE " + message.number);
                }
            }
            require(pop.logout(), pop, "QUIT");
            idsByUid.values().removeAll(deleteSent);
            return CheckResult.completed(startedAt, listedAt, listed, retrieved, deleteSent).withRefused(refused);
        } catch (IOException | UnexpectedReply e) {
            return CheckResult.failed(startedAt, Optional.ofNullable(listedAt), listed, retrieved, deleteSent,
                    subscriber.login() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()).withRefused(refused);
        } finally {
            disconnect(pop);
        }
    }

    /**
     * RETR, keeping only the {@code X-Demo-Id} header; the whole message is read, as a client would.
     *
     * @param mayBeGone whether an {@code -ERR} answer is a result (empty) rather than a failure
     */
    private static Optional<String> retrieveId(POP3Client pop, int number, boolean mayBeGone) throws IOException, UnexpectedReply {
        Reader reader = pop.retrieveMessage(number);
        if (reader == null && mayBeGone) {
            return Optional.empty();
        }
        require(reader != null, pop, "RETR " + number);
        return Optional.of(DemoIdHeader.read(reader).orElseThrow(
                () -> new UnexpectedReply("message " + number + " has no " + DemoIdHeader.NAME + " header")));
    }

    private static void require(boolean ok, POP3Client pop, String command) throws UnexpectedReply {
        if (!ok) {
            String reply = pop.getReplyString();
            throw new UnexpectedReply(command + " answered " + (reply == null ? "nothing" : reply.strip()));
        }
    }

    private static void disconnect(POP3Client pop) {
        if (pop.isConnected()) {
            try {
                pop.disconnect();
            } catch (IOException e) {
                // the check's outcome is already decided; closing a dead socket can fail
            }
        }
    }

    /** An {@code -ERR} (or a reply the client could not parse) where a POP3 client expects {@code +OK}. */
    static final class UnexpectedReply extends Exception {
        private static final long serialVersionUID = 1L;

        UnexpectedReply(String message) {
            super(message);
        }
    }
}
