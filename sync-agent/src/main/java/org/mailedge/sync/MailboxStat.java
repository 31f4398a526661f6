package org.mailedge.sync;

/**
 * The central server's STAT answer: messages not marked deleted and their total size in
 * octets (RFC 1939 §5).
 */
public record MailboxStat(int count, long octets) {

    public MailboxStat {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        if (octets < 0) {
            throw new IllegalArgumentException("octets must be >= 0, was " + octets);
        }
    }
}
