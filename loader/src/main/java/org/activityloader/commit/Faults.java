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
     * Faults named by the system property {@code loader.fault} as {@code POINT} or
     * {@code POINT:halt}: {@code halt} stops the JVM at once (as kill -9 would), otherwise the
     * run throws there.
     */
    static Faults fromSystemProperty() {
        String spec = System.getProperty("loader.fault", "");
        if (spec.isBlank()) {
            return NONE;
        }
        String[] parts = spec.split(":");
        FaultPoint target = FaultPoint.valueOf(parts[0].trim());
        boolean halt = parts.length > 1 && parts[1].trim().equals("halt");
        return point -> {
            if (point == target) {
                if (halt) {
                    Runtime.getRuntime().halt(137);
                }
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
