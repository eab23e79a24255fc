package org.activityloader.schedule;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/** This node's last firings, newest last, so many kept (for /health and for tests that wait for a firing, not for time). */
final class FiringLog {
    private final Deque<Firing> firings = new ConcurrentLinkedDeque<>();
    private final int kept;

    FiringLog(int kept) {
        this.kept = kept;
    }

    void add(Firing f) {
        firings.addLast(f);
        while (firings.size() > kept) {
            firings.pollFirst();
        }
    }

    /** The job's firings, oldest first. */
    List<Firing> of(String job) {
        return firings.stream().filter(f -> f.job().equals(job)).toList();
    }
}
