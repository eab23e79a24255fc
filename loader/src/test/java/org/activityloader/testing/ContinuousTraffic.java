package org.activityloader.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;

/**
 * A producer that keeps sending batches of traffic on a thread of its own until stopped, while a
 * test's runs, nodes or kills go on, and keeps the counts and the id digest of what it sent (not
 * the ids: a long soak sends too many to keep).
 */
public final class ContinuousTraffic {
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicLong good = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong digest = new AtomicLong();
    private final Thread thread;

    private ContinuousTraffic(TrafficGenerator generator, long batch, Instant firstHour, int hours, int malformedPer,
                              List<String> types, Duration pause) {
        thread = new Thread(() -> {
            while (producing.get()) {
                Traffic t = generator.produce(batch, firstHour, hours, malformedPer, types);
                good.addAndGet(t.good());
                malformed.addAndGet(t.malformed());
                digest.addAndGet(t.idDigest());
                Await.pause(pause);
            }
        }, "producer");
        thread.start();
    }

    /** Batches of {@code batch} events over {@code hours} hours from {@code firstHour}, {@code pause} apart. */
    public static ContinuousTraffic start(TrafficGenerator generator, long batch, Instant firstHour, int hours, int malformedPer,
                                          List<String> types, Duration pause) {
        return new ContinuousTraffic(generator, batch, firstHour, hours, malformedPer, types, pause);
    }

    /** Ends after the batch being sent; the counts are final after it. */
    public void stop() throws InterruptedException {
        producing.set(false);
        thread.join();
    }

    public long good() {
        return good.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long idDigest() {
        return digest.get();
    }
}
