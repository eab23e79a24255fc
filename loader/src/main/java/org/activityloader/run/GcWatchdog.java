package org.activityloader.run;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a run cannot make progress because the JVM spends most of its time collecting
 * garbage: more than {@link #LIMIT} of the last {@link #WINDOW} (the heap too small for what the run
 * holds). The run then stops at its next safe point with its own exit code and nothing committed,
 * instead of crawling on for hours, holding its lease. Samples the collectors' times once a second
 * on a thread of its own; also tells the share of the run spent collecting, for the summary.
 */
public final class GcWatchdog implements AutoCloseable {
    static final Duration WINDOW = Duration.ofSeconds(Long.getLong("loader.gc.window.seconds", 20));
    static final double LIMIT = 0.5;
    /** A watchdog that never barks (runs made by tests in a JVM they share). */
    public static final GcWatchdog NONE = new GcWatchdog(false);

    private record Sample(long wallNanos, long gcMillis) {
    }

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private final Sample start;
    private volatile String verdict;

    private GcWatchdog(boolean watch) {
        start = sample();
        if (watch) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gc-watchdog");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::check, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    /** Watches this JVM from now until closed. */
    public static GcWatchdog start() {
        return new GcWatchdog(true);
    }

    /** True once the collectors took more than the limit of a whole window. */
    boolean thrashing() {
        return verdict != null;
    }

    /** What happened, in words, once it did. */
    Optional<String> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** Share of the wall time since the start that the collectors took; -1 for {@link #NONE}. */
    public double gcShare() {
        if (timer == null) {
            return -1;
        }
        Sample now = sample();
        long wall = Math.max(1, now.wallNanos - start.wallNanos);
        return Math.min(1.0, (now.gcMillis - start.gcMillis) * 1e6 / wall);
    }

    private synchronized void check() {
        Sample now = sample();
        samples.addLast(now);
        while (samples.size() > 1 && now.wallNanos - samples.peekFirst().wallNanos > WINDOW.toNanos()) {
            samples.pollFirst();
        }
        Sample first = samples.peekFirst();
        long wall = now.wallNanos - first.wallNanos;
        if (verdict == null && wall >= WINDOW.toNanos() * 9 / 10) {
            double share = (now.gcMillis - first.gcMillis) * 1e6 / wall;
            if (share > LIMIT) {
                verdict = String.format(Locale.ROOT, "the JVM spent %.0f%% of the last %d s collecting garbage with a heap of %d MB",
                        100 * share, WINDOW.toSeconds(), Runtime.getRuntime().maxMemory() >> 20);
            }
        }
    }

    private Sample sample() {
        long gc = 0;
        for (GarbageCollectorMXBean c : collectors) {
            gc += Math.max(0, c.getCollectionTime());
        }
        return new Sample(System.nanoTime(), gc);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
