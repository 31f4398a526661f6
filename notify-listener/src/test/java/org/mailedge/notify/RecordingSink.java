package org.mailedge.notify;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink that records every event (thread-safe: it is called on session threads and read by the
 * test thread), knows a fixed set of users, and can be told to fail.
 */
final class RecordingSink implements NewMailSink {

    private final List<NewMail> events = new CopyOnWriteArrayList<>();
    private final Set<String> knownUsers;
    private volatile boolean failing;

    RecordingSink(Set<String> knownUsers) {
        this.knownUsers = Set.copyOf(knownUsers);
    }

    void failing(boolean fail) {
        failing = fail;
    }

    List<NewMail> events() {
        return List.copyOf(events);
    }

    List<String> users() {
        return events.stream().map(NewMail::user).toList();
    }

    @Override
    public boolean onNewMail(NewMail event) {
        if (failing) {
            throw new IllegalStateException("edge store unavailable");
        }
        events.add(event);
        return knownUsers.contains(event.user());
    }
}
