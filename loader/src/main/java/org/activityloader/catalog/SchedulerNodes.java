package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;

/** The {@code loader schedule} nodes that fire each job (scheduler_node), each checking in while it runs. */
public final class SchedulerNodes {
    private final CatalogCalls calls;

    SchedulerNodes(CatalogCalls calls) {
        this.calls = calls;
    }

    /** The node fires the job and is alive now: its row, made at its first check-in, renewed at each. */
    public void checkIn(String job, String node, String host, Instant startedAt, Instant now) {
        calls.call(h -> {
            SchedulerDao nodes = h.attach(SchedulerDao.class);
            if (nodes.seen(job, node, now) == 0) {
                nodes.insert(job, node, host, startedAt);
            }
            return null;
        });
    }

    /** The node stops firing the job. */
    public void leave(String job, String node) {
        calls.call(h -> h.attach(SchedulerDao.class).leave(job, node));
    }

    /** "node on host" of each node that checked in since the instant. */
    public List<String> seenSince(String job, Instant since) {
        return calls.call(h -> h.attach(SchedulerDao.class).seenSince(job, since));
    }
}
