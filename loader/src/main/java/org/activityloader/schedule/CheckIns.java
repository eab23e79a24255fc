package org.activityloader.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node is alive and fires these jobs: a row per job in the job's catalog, its time renewed at
 * each check-in (what status shows of the nodes firing a job), removed when the node stops. A
 * catalog that cannot be reached is skipped until the next check-in.
 */
final class CheckIns {
    private static final Logger LOG = LoggerFactory.getLogger(CheckIns.class);

    private final List<JobSpec> jobs;
    private final Supplier<String> node;
    private final ScheduledExecutorService checkIns = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scheduler-check-in");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
    private volatile String checkInAs;

    /** @param node this node's id, asked at the first check-in */
    CheckIns(List<JobSpec> jobs, Supplier<String> node) {
        this.jobs = List.copyOf(jobs);
        this.node = node;
    }

    /** Checks in now, then every so often. */
    void start(Duration every) {
        Instant startedAt = Instant.now();
        checkIns.scheduleWithFixedDelay(() -> checkIn(startedAt), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No more check-ins; one under way ends first. */
    void stop() {
        checkIns.shutdown(); // no interrupt: one mid-write on an H2 file closes the database for the process
        try {
            checkIns.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes this node's rows, if it checked in (a row left behind goes stale by itself). */
    void checkOut() {
        for (JobSpec job : checkInAs == null ? List.<JobSpec>of() : jobs) {
            try {
                catalog(job).schedulerNodes().leave(job.name(), checkInAs);
            } catch (RuntimeException e) {
                LOG.debug("job {}: could not check out (the row goes stale by itself): {}", job.name(), e.getMessage());
            }
        }
        catalogs.values().forEach(Catalog::close);
    }

    private void checkIn(Instant startedAt) {
        String host = hostName();
        if (checkInAs == null) {
            checkInAs = node.get();
        }
        for (JobSpec job : jobs) {
            try {
                Instant now = Instant.now();
                catalog(job).schedulerNodes().checkIn(job.name(), checkInAs, host, startedAt, now);
            } catch (RuntimeException e) {
                LOG.warn("job {}: could not check in with its catalog: {}", job.name(), e.getMessage());
            }
        }
    }

    private Catalog catalog(JobSpec job) {
        return catalogs.computeIfAbsent(job.catalog().url(), url -> Catalog.open(job.catalog()));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }
}
