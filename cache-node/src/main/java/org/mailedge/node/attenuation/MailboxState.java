package org.mailedge.node.attenuation;

import java.util.List;
import java.util.Objects;

/**
 * What the edge last learned of a user's maildrop at the central server: the messages
 * in central order with their central UIDs and LIST sizes. An attenuated check is
 * answered from this, so a client that leaves mail on the server sees the same
 * listing (same UIDs, same sizes) whether or not its check went through.
 *
 * <p>Most subscribers' maildrops are empty after a check; they all share {@link #EMPTY},
 * which keeps the per-user cost of the attenuation table small.
 */
public final class MailboxState {

    public static final MailboxState EMPTY = new MailboxState(List.of());

    private final List<Message> messages;

    private MailboxState(List<Message> messages) {
        this.messages = messages;
    }

    public static MailboxState of(List<Message> messages) {
        return messages.isEmpty() ? EMPTY : new MailboxState(List.copyOf(messages));
    }

    public List<Message> messages() {
        return messages;
    }

    public int count() {
        return messages.size();
    }

    public long octets() {
        long total = 0;
        for (Message m : messages) {
            total += m.size();
        }
        return total;
    }

    /** This state less the given UIDs, in the same order. */
    public MailboxState without(java.util.Collection<String> uids) {
        if (uids.isEmpty()) {
            return this;
        }
        return of(messages.stream().filter(m -> !uids.contains(m.uid())).toList());
    }

    public boolean contains(String uid) {
        for (Message m : messages) {
            if (m.uid().equals(uid)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailboxState other && messages.equals(other.messages);
    }

    @Override
    public int hashCode() {
        return messages.hashCode();
    }

    @Override
    public String toString() {
        return "MailboxState" + messages;
    }

    /** One message as the central server lists it (RFC 1939 §7: the UID is the central server's, byte for byte). */
    public record Message(String uid, long size) {
        public Message {
            Objects.requireNonNull(uid, "uid");
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0: " + size);
            }
        }
    }
}
