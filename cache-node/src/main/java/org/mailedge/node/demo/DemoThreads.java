package org.mailedge.node.demo;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for the demo's executors: a thread dump shows which part of the
 * simulation a thread belongs to, and a forgotten executor can never keep the JVM alive
 * (each one is still shut down explicitly).
 */
final class DemoThreads {

    private DemoThreads() {
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
