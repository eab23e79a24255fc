package org.activityloader.source;

/**
 * Told after every poll of a drain how far it got: what a run does while it drains (renew its
 * lease, show progress) without being part of when the drain stops.
 */
@FunctionalInterface
public interface DrainListener {
    DrainListener NONE = (records, bytes) -> { };

    /**
     * @param records records handed to the handler so far
     * @param bytes   their keys' and values' bytes
     */
    void afterPoll(long records, long bytes);
}
