package org.activityloader.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injects failures at {@link FaultPoint}s. Production runs use {@link #NONE}; tests pass one that
 * throws, and child-JVM crash tests one that halts the process (see {@link #fromSystemProperty}).
 */
@FunctionalInterface
public interface Faults {
    Faults NONE = point -> { };

    void at(FaultPoint point);

    /**
     * Faults named by the system property {@code loader.fault}: {@code POINT[#N][:ACTION]}, where
     * {@code #N} picks the N-th time the point is reached (the first by default) and the action is
     * {@code throw} (the default), {@code halt} (the JVM stops at once, as kill -9 would),
     * {@code sleep=MILLIS} (the run stalls there) or {@code await=FILE} (the run waits there until
     * the file exists, so that a test decides when it goes on instead of guessing a delay).
     * Reaching the point prints {@code fault point POINT reached} on stderr first.
     */
    static Faults fromSystemProperty() {
        String spec = System.getProperty("loader.fault", "");
        return spec.isBlank() ? NONE : parse(spec.trim());
    }

    static Faults parse(String spec) {
        String[] parts = spec.split(":", 2);
        String[] pointAndCount = parts[0].trim().split("#", 2);
        FaultPoint target = FaultPoint.valueOf(pointAndCount[0]);
        int nth = pointAndCount.length > 1 ? Integer.parseInt(pointAndCount[1]) : 1;
        String action = parts.length > 1 ? parts[1].trim() : "throw";
        AtomicInteger reached = new AtomicInteger();
        return point -> {
            if (point != target || reached.incrementAndGet() != nth) {
                return;
            }
            System.err.println("fault point " + point + " reached: " + action);
            System.err.flush();
            if (action.equals("halt")) {
                Runtime.getRuntime().halt(137);
            } else if (action.startsWith("sleep=")) {
                pause(() -> false, Long.parseLong(action.substring("sleep=".length())));
            } else if (action.startsWith("await=")) {
                Path release = Path.of(action.substring("await=".length()));
                pause(() -> Files.exists(release), Long.MAX_VALUE);
            } else {
                throw new InjectedFault(point);
            }
        };
    }

    private static void pause(java.util.function.BooleanSupplier done, long maxMillis) {
        long deadline = System.currentTimeMillis() + Math.min(maxMillis, Long.MAX_VALUE / 2);
        try {
            while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
                Thread.sleep(Math.min(20, Math.max(1, deadline - System.currentTimeMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The failure a test asked for. */
    final class InjectedFault extends RuntimeException {
        public InjectedFault(FaultPoint point) {
            super("injected fault at " + point);
        }
    }
}
