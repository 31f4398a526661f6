package org.mailedge.node.notice;

/**
 * What the POP3 layer tells the notice service: a check of {@code user} was answered at the
 * edge. Called on a Netty event loop, so it only records the fact in memory.
 */
@FunctionalInterface
public interface AttenuationNotices {

    /** Notices are off. */
    AttenuationNotices NONE = user -> { };

    void onAttenuated(String user);
}
