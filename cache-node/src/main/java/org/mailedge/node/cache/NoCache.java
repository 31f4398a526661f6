package org.mailedge.node.cache;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.mailedge.node.attenuation.MailboxState;

/** The cache switched off ({@code cache.enabled: false}): every message comes from the central server. */
public final class NoCache implements MailCache {

    @Override
    public MailboxState reconcile(String user, MailboxState central) {
        return central;
    }

    @Override
    public Set<String> tombstones(String user) {
        return Set.of();
    }

    @Override
    public Optional<byte[]> content(String user, String uid) {
        return Optional.empty();
    }

    @Override
    public void keep(String user, String uid, byte[] content) {
    }

    @Override
    public void deleted(String user, Collection<String> uids) {
    }

    @Override
    public boolean queueDeletes(String user, Collection<String> uids) {
        return false;
    }

    @Override
    public MailboxState offline(String user, MailboxState lastKnown) {
        return MailboxState.EMPTY;
    }

    @Override
    public void seen(String user) {
    }
}
