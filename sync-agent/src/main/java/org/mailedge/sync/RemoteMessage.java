package org.mailedge.sync;

import java.util.Objects;

/**
 * One message as the central server lists it: its number in this session, its UIDL and its
 * LIST size.
 *
 * <p>The number is only valid inside the session that produced it (RFC 1939 §5); anything
 * that outlives the session must be keyed by {@code uid}. {@code size} is the server's
 * claim and is not checked against the bytes RETR returns (servers disagree on what it
 * counts).
 */
public record RemoteMessage(int number, String uid, long size) {

    public RemoteMessage {
        if (number < 1) {
            throw new IllegalArgumentException("number must be >= 1, was " + number);
        }
        Objects.requireNonNull(uid, "uid");
        if (uid.isEmpty()) {
            throw new IllegalArgumentException("uid must not be empty");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
    }
}
