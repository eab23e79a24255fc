package org.activityloader.run;

/**
 * A run stopped because its heap could not hold what it had to (the JVM collecting garbage most of
 * the time, or out of memory). Nothing of it is committed, its lease is released, and the next run
 * starts clean from the same offsets.
 */
public final class HeapExhaustedException extends RuntimeException {
    public HeapExhaustedException(String runId, String what, Throwable cause) {
        super("run " + runId + " stopped: " + what + "; nothing of it is committed and the next run loads the same offsets."
                + " Give it more heap (LOADER_HEAP=1g, or -Xmx in LOADER_JAVA_OPTS) or fewer records a run (limits.max_records)",
                cause);
    }
}
