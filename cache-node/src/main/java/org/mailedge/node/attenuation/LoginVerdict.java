package org.mailedge.node.attenuation;

/**
 * What the attenuation table says about a USER/PASS pair before the central server is
 * asked anything. The seed's terminate flag is {@link AnswerAtEdge}; its lock flag is
 * {@link InUse}.
 */
public sealed interface LoginVerdict {

    /** The password matches and another session holds the mailbox (RFC 2449 [IN-USE]). */
    record InUse() implements LoginVerdict {}

    /**
     * The password matches the last one the central server accepted and no rule releases
     * the check: answer it from {@code state}. The session holds {@code lease} until it ends.
     */
    record AnswerAtEdge(MailboxState state, Lease lease) implements LoginVerdict {}

    /** The check must go to the central server, which also judges the password. */
    record GoThrough(Reason reason) implements LoginVerdict {}

    enum Reason {
        /** The seed's None state: the edge has no entry for this user. */
        UNKNOWN_USER,
        /** The password differs from the verified one: new password, or a wrong one. */
        PASSWORD_NOT_VERIFIED,
        /** The edge does not know the maildrop's state (last check failed upstream). */
        STATE_UNKNOWN,
        /** The demand rule: a new-mail notification arrived since the state was learned. */
        NEW_MAIL_NOTIFIED,
        /** The release policy (time rule or one in m) lets this check through. */
        POLICY,
        /** The fast check rewards the k-th of k irregular checks within its window ({@link FastCheck}). */
        FAST_CHECK
    }
}
