package org.mailedge.sync.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mailedge.sync.prefetch.Sleeper;

/** A sleeper that never sleeps: it moves a fake clock forward and remembers each wait. */
public final class AdvancingSleeper implements Sleeper {

    private final FakeClock clock;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile Runnable onSleep = () -> { };

    public AdvancingSleeper(FakeClock clock) {
        this.clock = clock;
    }

    /** Runs before each (simulated) sleep, on the sleeping thread: a window into a running prefetch. */
    public void onSleep(Runnable hook) {
        onSleep = hook;
    }

    @Override
    public void sleep(Duration duration) {
        onSleep.run();
        sleeps.add(duration);
        clock.advance(duration);
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public Duration total() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
