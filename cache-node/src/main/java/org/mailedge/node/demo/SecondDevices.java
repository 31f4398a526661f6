package org.mailedge.node.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The second devices of some leave-on-server subscribers, each visiting the central server
 * every {@link #MIN_INTERVAL} to {@link #MAX_INTERVAL} of virtual time (see
 * {@link SecondDeviceCheck}). Only leave-on-server subscribers have one: a client that
 * deletes what it downloads would race its own phone for every message, which is not how
 * people set up two devices.
 */
final class SecondDevices {

    /** Share of leave-on-server subscribers that also read their mail on a second device. */
    static final double SHARE_OF_LEAVE_ON_SERVER = 0.5;
    static final Duration MIN_INTERVAL = Duration.ofMinutes(10);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(20);
    static final int THREADS = 2;

    /**
     * @param devices    subscribers with a second device
     * @param visits     visits made (sessions at the central server)
     * @param deleted    messages the central server confirmed deleted by them
     * @param errors     visits that failed
     * @param firstError the first failure's text
     */
    public record Totals(int devices, long visits, long deleted, long errors, Optional<String> firstError) {}

    private final List<Subscriber> owners;
    private final SecondDeviceCheck check;
    private final long seed;
    private final VirtualTimeLoop loop;
    private final AtomicLong visits = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    SecondDevices(List<Subscriber> owners, SecondDeviceCheck check, CompressedClock clock, long seed) {
        this.owners = List.copyOf(owners);
        this.check = check;
        this.seed = seed;
        this.loop = new VirtualTimeLoop(THREADS, "demo-second-device", clock);
    }

    /** The subscribers that have a second device: about half the leave-on-server ones, drawn from the seed. */
    static List<Subscriber> owners(List<Subscriber> subscribers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return subscribers.stream()
                .filter(s -> s.profile().keeping() == PollingProfile.Keeping.LEAVE_ON_SERVER)
                .filter(s -> random.nextDouble() < SHARE_OF_LEAVE_ON_SERVER)
                .toList();
    }

    void start() {
        SplittableRandom random = new SplittableRandom(seed);
        for (Subscriber s : owners) {
            Device device = new Device(s, random.split());
            schedule(device, Duration.ofMillis(device.random.nextLong(MAX_INTERVAL.toMillis())));
        }
    }

    /** Stops scheduling and waits for visits in flight; false if some still ran after {@code grace}. */
    boolean stop(Duration grace) throws InterruptedException {
        return loop.stop(grace);
    }

    Totals totals() {
        return new Totals(owners.size(), visits.get(), deleted.get(), errors.get(), Optional.ofNullable(firstError.get()));
    }

    private void schedule(Device device, Duration virtualDelay) {
        loop.after(virtualDelay, () -> visit(device));
    }

    private void visit(Device device) {
        SecondDeviceCheck.Visit visit = check.run(device.owner, device.idsByUid, device.random);
        visits.incrementAndGet();
        deleted.addAndGet(visit.deleted());
        visit.error().ifPresent(e -> {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e);
        });
        schedule(device, Duration.ofMillis(device.random.nextLong(MIN_INTERVAL.toMillis(), MAX_INTERVAL.toMillis() + 1)));
    }

    /** One device: its owner, its random stream and the UIDs it has seen. */
    private static final class Device {
        final Subscriber owner;
        final SplittableRandom random;
        final Map<String, String> idsByUid = new HashMap<>();

        Device(Subscriber owner, SplittableRandom random) {
            this.owner = owner;
            this.random = random;
        }
    }
}
