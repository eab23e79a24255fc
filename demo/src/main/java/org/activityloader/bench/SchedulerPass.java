package org.activityloader.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.schedule.JobScheduler;

/**
 * The scheduler's pass of the benchmark: the job fired every second by {@link JobScheduler} in this
 * JVM, each run capped to its share of the events, so that each loads new data in a JVM kept warm
 * between runs, as {@code loader schedule} does (and a cron process never is).
 */
final class SchedulerPass {
    private SchedulerPass() {
    }

    /** The first {@code runs} published runs of the job, oldest first. */
    static List<RunRow> run(JobSpec job, int runs) throws InterruptedException {
        JobSpec scheduled = job.withSchedule("* * * * * ?");
        try (Catalog catalog = Catalog.open(job.catalog())) {
            try (JobScheduler scheduler = new JobScheduler(List.of(scheduled), name -> scheduled, new LoaderMetrics(), Faults.NONE,
                    Duration.ofSeconds(60), Duration.ofSeconds(10))) {
                scheduler.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                while (published(catalog, job.name()).size() < runs && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            return published(catalog, job.name()).stream().limit(runs).toList();
        }
    }

    private static List<RunRow> published(Catalog catalog, String job) {
        return catalog.runs().recent(job, 100).stream()
                .filter(r -> r.status() == RunState.PUBLISHED && r.recordsRead() > 0)
                .sorted(Comparator.comparing(RunRow::startedAt)).toList();
    }
}
