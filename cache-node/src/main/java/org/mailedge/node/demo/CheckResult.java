package org.mailedge.node.demo;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What one simulated POP check saw, in virtual time.
 *
 * @param startedAt    taken before connecting: the instant the visibility promise is judged at
 * @param listedAt     when the UIDL answer had been read; empty if the check failed before it
 * @param listedIds    the {@code X-Demo-Id} of every message the listing showed
 * @param retrievedIds the {@code X-Demo-Id} of every message a RETR of this check downloaded
 * @param refusedIds   messages the client knew from an earlier download whose RETR was answered
 *                     {@code -ERR}: right only if the message had been deleted meanwhile
 * @param deletedIds   messages deleted by this check's QUIT (which returned {@code +OK}); for a failed
 *                     check, those it sent DELE for: whether the central server removed them is unknown
 *                     (RFC 1939 §6 lets a failed UPDATE remove some), so they are no longer owed to it
 * @param error        why the check failed (an exception or an unexpected {@code -ERR}); empty if it did not
 */
record CheckResult(Instant startedAt, Optional<Instant> listedAt, Set<String> listedIds, Set<String> retrievedIds,
                   Set<String> refusedIds, Set<String> deletedIds, Optional<String> error) {

    CheckResult {
        listedIds = Set.copyOf(listedIds);
        retrievedIds = Set.copyOf(retrievedIds);
        refusedIds = Set.copyOf(refusedIds);
        deletedIds = Set.copyOf(deletedIds);
    }

    static CheckResult completed(Instant startedAt, Instant listedAt, Set<String> listedIds, Set<String> retrievedIds,
                                 Set<String> deletedIds) {
        return new CheckResult(startedAt, Optional.of(listedAt), listedIds, retrievedIds, Set.of(), deletedIds, Optional.empty());
    }

    /** A failed check: whatever it listed is kept for first-seen times; it is not judged for missing mail. */
    static CheckResult failed(Instant startedAt, Optional<Instant> listedAt, Set<String> listedIds, Set<String> retrievedIds,
                              Set<String> deleteSent, String error) {
        return new CheckResult(startedAt, listedAt, listedIds, retrievedIds, Set.of(), deleteSent, Optional.of(error));
    }

    /** The same check, with the downloads the server refused. */
    CheckResult withRefused(Set<String> refused) {
        return new CheckResult(startedAt, listedAt, listedIds, retrievedIds, refused, deletedIds, error);
    }

    boolean failed() {
        return error.isPresent();
    }
}
