package org.mailedge.db.notices;

import java.time.Instant;
import java.util.Optional;

/**
 * What the store keeps about a user's attenuation notices.
 *
 * @param lastSentAt when the last notice was handed to the relay (or claimed for sending)
 * @param pendingSince the attenuated check of a notice the relay has not taken yet, retried later
 */
public record NoticeRecord(String user, Optional<Instant> lastSentAt, Optional<Instant> pendingSince) {}
