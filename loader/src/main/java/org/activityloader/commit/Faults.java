package org.activityloader.commit;

/**
 * Injects failures at {@link FaultPoint}s. Production runs use {@link #NONE}; tests pass one that
 * throws, and child-JVM crash tests one that halts the process (see {@link #fromSystemProperty}).
 */
@FunctionalInterface
public interface Faults {
    Faults NONE = point -> { };

    void at(FaultPoint point);

    /**
     * Faults named by the system property {@code loader.fault} as {@code POINT} (the run throws
     * there), {@code POINT:halt} (the JVM stops at once, as kill -9 would) or
     * {@code POINT:sleep=MILLIS} (the run stalls there, for tests of concurrent runs and signals).
     */
    static Faults fromSystemProperty() {
        String spec = System.getProperty("loader.fault", "");
        if (spec.isBlank()) {
            return NONE;
        }
        String[] parts = spec.split(":", 2);
        FaultPoint target = FaultPoint.valueOf(parts[0].trim());
        String action = parts.length > 1 ? parts[1].trim() : "throw";
        return point -> {
            if (point != target) {
                return;
            }
            System.err.println("fault point " + point + " reached: " + action);
            if (action.equals("halt")) {
                Runtime.getRuntime().halt(137);
            } else if (action.startsWith("sleep=")) {
                try {
                    Thread.sleep(Long.parseLong(action.substring("sleep=".length())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                throw new InjectedFault(point);
            }
        };
    }

    /** The failure a test asked for. */
    final class InjectedFault extends RuntimeException {
        public InjectedFault(FaultPoint point) {
            super("injected fault at " + point);
        }
    }
}
