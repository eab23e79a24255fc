package org.activityloader.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a run spent its time, stage by stage (plan, poll, decode, write, seal, commit, publish). */
final class StageTimes {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    void add(String stage, long elapsedNanos) {
        nanos.merge(stage, elapsedNanos, Long::sum);
    }

    /** Runs the step and adds its time to the stage. */
    <T> T time(String stage, java.util.function.Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            add(stage, System.nanoTime() - start);
        }
    }

    /** Runs the step and adds its time to the stage. */
    void run(String stage, Runnable step) {
        time(stage, () -> {
            step.run();
            return null;
        });
    }

    Map<String, Duration> snapshot() {
        Map<String, Duration> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, Duration.ofNanos(v)));
        return out;
    }
}
