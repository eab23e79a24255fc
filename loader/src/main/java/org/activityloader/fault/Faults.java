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
     * {@code sleep=MILLIS} (the run stalls there), {@code await=FILE} (the run waits there until
     * the file exists, so that a test decides when it goes on instead of guessing a delay) or
     * {@code churn=MILLIS} (the run stalls there with its heap nearly full of live data while it
     * allocates, so that the JVM collects garbage nearly all the time).
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
            } else if (action.startsWith("churn=")) {
                churn(Long.parseLong(action.substring("churn=".length())));
            } else if (action.startsWith("await=")) {
                Path release = Path.of(action.substring("await=".length()));
                pause(() -> Files.exists(release), Long.MAX_VALUE);
            } else {
                throw new InjectedFault(point);
            }
        };
    }

    /** Fills the heap to about nine tenths with live arrays, then allocates garbage beside them until the time is up. */
    private static void churn(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        java.util.List<byte[]> live = new java.util.ArrayList<>();
        long max = Runtime.getRuntime().maxMemory();
        try {
            while (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() < max * 9 / 10) {
                live.add(new byte[256 << 10]);
            }
        } catch (OutOfMemoryError full) {
            live.subList(0, Math.max(0, live.size() / 10)).clear();
        }
        long sink = 0;
        while (System.currentTimeMillis() < deadline) {
            try {
                sink += new byte[64 << 10].length;
            } catch (OutOfMemoryError again) {
                if (!live.isEmpty()) {
                    live.remove(live.size() - 1);
                }
            }
        }
        if (sink < 0) {
            System.err.println(live.size());
        }
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
