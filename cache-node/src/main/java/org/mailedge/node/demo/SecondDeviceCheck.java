package org.mailedge.node.demo;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;

/**
 * One visit of a subscriber's second device: a phone that reads the same mailbox by POP3
 * straight at the central server, not through the edge, so the edge hears of nothing it does.
 * It learns the {@link DemoIdHeader} of each UID it has not seen with {@code TOP n 0}, and
 * deletes, now and then, a message it had already seen on an earlier visit, as its user
 * clears out read mail. Those deletes are what the edge's cache must notice (the UID
 * handshake) and never serve again; they are recorded in the {@link Timeline} for the judge:
 * as requested just before the QUIT is sent, as confirmed once it returned {@code +OK}.
 */
final class SecondDeviceCheck {

    /** Chance that a message seen on an earlier visit is deleted on this one. */
    static final double DELETE_CHANCE = 0.5;

    private final String host;
    private final int port;
    private final Timeline timeline;
    private final int timeoutMillis;

    SecondDeviceCheck(String host, int port, Timeline timeline, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeline = timeline;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** @param deleted messages the central server confirmed deleted on this visit */
    record Visit(int deleted, Optional<String> error) {}

    /**
     * @param idsByUid the device's memory of UIDs it has seen; only this subscriber's
     *                 device, one visit at a time, touches it
     */
    Visit run(Subscriber subscriber, Map<String, String> idsByUid, SplittableRandom random) {
        Map<String, String> deleting = new LinkedHashMap<>();
        boolean quitSent = false;
        POP3Client pop = new POP3Client();
        pop.setConnectTimeout(timeoutMillis);
        pop.setDefaultTimeout(timeoutMillis);
        try {
            pop.connect(host, port);
            pop.setSoTimeout(timeoutMillis);
            require(pop.login(subscriber.login(), subscriber.password()), pop, "USER/PASS");
            POP3MessageInfo[] uidl = pop.listUniqueIdentifiers();
            require(uidl != null, pop, "UIDL");
            Set<String> listed = new HashSet<>();
            for (POP3MessageInfo message : uidl) {
                listed.add(message.identifier);
                String id = idsByUid.get(message.identifier);
                if (id == null) {
                    idsByUid.put(message.identifier, topId(pop, message.number));
                } else if (random.nextDouble() < DELETE_CHANCE) {
                    require(pop.deleteMessage(message.number), pop, "DELE " + message.number);
                    deleting.put(message.identifier, id);
                }
            }
            if (!deleting.isEmpty()) {
                timeline.deletingAtCentral(deleting.values());
            }
            quitSent = true;
            require(pop.logout(), pop, "QUIT");
            if (!deleting.isEmpty()) {
                timeline.deletedAtCentral(deleting.values());
            }
            idsByUid.keySet().retainAll(listed);
            idsByUid.keySet().removeAll(deleting.keySet());
            return new Visit(deleting.size(), Optional.empty());
        } catch (IOException | SubscriberCheck.UnexpectedReply e) {
            if (!quitSent && !deleting.isEmpty()) {
                // DELE sent, no QUIT: whether the messages go is up to the server; they are no longer owed
                timeline.deletingAtCentral(deleting.values());
            }
            return new Visit(0, Optional.of(subscriber.login() + "'s second device: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
        } finally {
            if (pop.isConnected()) {
                try {
                    pop.disconnect();
                } catch (IOException e) {
                    // the visit's outcome is already decided
                }
            }
        }
    }

    private static String topId(POP3Client pop, int number) throws IOException, SubscriberCheck.UnexpectedReply {
        Reader reader = pop.retrieveMessageTop(number, 0);
        require(reader != null, pop, "TOP " + number + " 0");
        return DemoIdHeader.read(reader).orElseThrow(
                () -> new SubscriberCheck.UnexpectedReply("message " + number + " has no " + DemoIdHeader.NAME + " header"));
    }

    private static void require(boolean ok, POP3Client pop, String command) throws SubscriberCheck.UnexpectedReply {
        if (!ok) {
            String reply = pop.getReplyString();
            throw new SubscriberCheck.UnexpectedReply(command + " answered " + (reply == null ? "nothing" : reply.strip()));
        }
    }
}
