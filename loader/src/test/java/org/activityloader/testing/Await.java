package org.activityloader.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waiting for something to happen instead of for a time: polls a condition until it holds or the
 * patience runs out, then fails the test saying what did not happen. Polls quickly at first, then
 * less often, so a quick event is seen at once and a slow one does not load a busy machine.
 */
public final class Await {
    private static final long FIRST_POLL_MILLIS = 10;
    private static final long LAST_POLL_MILLIS = 250;

    private Await() {
    }

    /** What is waited for; it may throw (an I/O error, a failed query), which fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** What is waited for, and what it found: empty until it happens. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> find() throws Exception;
    }

    /** Returns as soon as the condition holds; fails with {@code what} (and how long it waited) if it does not within {@code patience}. */
    public static void await(Condition condition, Duration patience, String what) throws Exception {
        await(() -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), patience, () -> what);
    }

    /** Returns what the probe found as soon as it finds it; fails as above if it finds nothing within {@code patience}. */
    public static <T> T await(Probe<T> probe, Duration patience, String what) throws Exception {
        return await(probe, patience, () -> what);
    }

    /** As above, the failure's description made when it fails (e.g. a log read at that moment). */
    public static <T> T await(Probe<T> probe, Duration patience, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        long poll = FIRST_POLL_MILLIS;
        while (true) {
            Optional<T> found = probe.find();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + patience.toMillis() + " ms: " + what.get());
            }
            Thread.sleep(Math.min(poll, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            poll = Math.min(poll * 2, LAST_POLL_MILLIS);
        }
    }

    /**
     * A pause that is itself the point (a producer's pace, a step slowed down to widen a race), not a
     * wait for something: an interrupt ends it early and is kept for the caller to see.
     */
    public static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
