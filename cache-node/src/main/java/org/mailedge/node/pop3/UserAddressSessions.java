package org.mailedge.node.pop3;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.pop3.POP3Session;
import org.mailedge.node.limits.PerUserAndAddress;

/**
 * The per-user-and-address session limit as the POP3 session sees it: a login takes a slot
 * for its user and the session's client address (the proxied one behind a load balancer), a
 * failed login or the end of the connection gives it back.
 */
final class UserAddressSessions {

    private static final ProtocolSession.AttachmentKey<PerUserAndAddress.Slot> SLOT =
            ProtocolSession.AttachmentKey.of("mailedge.userAddressSlot", PerUserAndAddress.Slot.class);

    private final PerUserAndAddress limit;

    UserAddressSessions(PerUserAndAddress limit) {
        this.limit = limit;
    }

    /** Takes a slot for {@code user}, giving back any the session held for an earlier attempt. */
    boolean tryAcquire(POP3Session session, String user) {
        release(session);
        return limit.tryAcquire(user, session.getRemoteAddress().getAddress().getHostAddress())
                .map(slot -> {
                    session.setAttachment(SLOT, slot, ProtocolSession.State.Connection);
                    return true;
                })
                .orElse(false);
    }

    void release(POP3Session session) {
        session.removeAttachment(SLOT, ProtocolSession.State.Connection).ifPresent(PerUserAndAddress.Slot::release);
    }
}
